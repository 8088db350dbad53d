import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { applyMigrations } from '../src/migrations/apply-migrations.util';
import { createMigration } from '../src/migrations/create-migration.util';
import { DB_MIGRATIONS_DIR, DB_SCHEMA_PATH } from '../src/migrations/db-paths.constants';
import { diffMigrationsToSchema } from '../src/migrations/diff-migrations-to-schema.util';
import { MIGRATION_LOCK_CONTENT } from '../src/migrations/migration-list.util';
import { query, requireDatabaseUrl, testDatabase, type TestDatabase } from './test-database';

jest.setTimeout(120_000);

interface MigrationRow {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

const MIGRATION_ROWS = 'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name';

describe("the db library's migration history", () => {
  let db: TestDatabase;

  beforeAll(() => {
    db = testDatabase('history');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('creates the database and applies every migration, bookkept like prisma migrate deploy', async () => {
    const folders = (await readdir(DB_MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    const result = await applyMigrations({
      databaseUrl: db.url,
      migrationsDir: DB_MIGRATIONS_DIR,
      schemaPath: DB_SCHEMA_PATH,
    });

    expect(result.createdDatabase).toBe(true);
    expect(result.applied).toEqual(folders);
    const rows = await query<MigrationRow>(db.url, MIGRATION_ROWS);
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    for (const row of rows) {
      const sql = await readFile(join(DB_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it('applies nothing the second time', async () => {
    const before = await query<MigrationRow>(db.url, MIGRATION_ROWS);

    const result = await applyMigrations({
      databaseUrl: db.url,
      migrationsDir: DB_MIGRATIONS_DIR,
      schemaPath: DB_SCHEMA_PATH,
    });

    expect(result.applied).toEqual([]);
    expect(result.createdDatabase).toBe(false);
    expect(await query<MigrationRow>(db.url, MIGRATION_ROWS)).toEqual(before);
  });

  it('produces exactly schema.prisma (no schema change lacks its migration)', async () => {
    const missing = await diffMigrationsToSchema({
      databaseUrl: requireDatabaseUrl(),
      migrationsDir: DB_MIGRATIONS_DIR,
      schemaPath: DB_SCHEMA_PATH,
    });

    expect(missing).toBeNull();
  });
});

const NOTES_SCHEMA = `datasource db {
  provider = "postgresql"
}

model Note {
  body String
  id   Int    @id @default(autoincrement())

  @@map("notes")
}
`;

describe('applying hand-written migrations', () => {
  let db: TestDatabase;
  let dir: string;
  let schemaPath: string;
  let migrationsDir: string;

  async function addMigration(name: string, sql: string): Promise<void> {
    await mkdir(join(migrationsDir, name), { recursive: true });
    await writeFile(join(migrationsDir, name, 'migration.sql'), sql);
  }

  beforeAll(async () => {
    db = testDatabase('scripts');
    dir = await mkdtemp(join(tmpdir(), 'db-migrations-'));
    schemaPath = join(dir, 'schema.prisma');
    migrationsDir = join(dir, 'migrations');
    await writeFile(schemaPath, NOTES_SCHEMA);
    await mkdir(migrationsDir);
    await writeFile(join(migrationsDir, 'migration_lock.toml'), MIGRATION_LOCK_CONTENT);
    await addMigration(
      '20250101000000_created_notes',
      `CREATE TABLE "notes" ("body" TEXT NOT NULL, "id" SERIAL PRIMARY KEY);\nINSERT INTO "notes" ("body") VALUES ('first; with a semicolon');\n`,
    );
  });

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs each migration as one script, so semicolons inside strings are data', async () => {
    const result = await applyMigrations({ databaseUrl: db.url, migrationsDir, schemaPath });

    expect(result.applied).toEqual(['20250101000000_created_notes']);
    expect(await query(db.url, 'SELECT body FROM notes')).toEqual([
      { body: 'first; with a semicolon' },
    ]);
  });

  it('rolls a failing migration back as a whole and refuses to go on until it is resolved', async () => {
    await addMigration(
      '20250102000000_added_broken_step',
      'CREATE TABLE "half_done" ("id" INT);\nSELECT 1 / 0;\n',
    );

    await expect(
      applyMigrations({ databaseUrl: db.url, migrationsDir, schemaPath }),
    ).rejects.toThrow(/division by zero/);

    expect(await query(db.url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
    const failed = await query<MigrationRow>(
      db.url,
      "SELECT * FROM _prisma_migrations WHERE migration_name = '20250102000000_added_broken_step'",
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.finished_at).toBeNull();
    await expect(
      applyMigrations({ databaseUrl: db.url, migrationsDir, schemaPath }),
    ).rejects.toThrow(/20250102000000_added_broken_step/);
  });

  it("puts tables and bookkeeping into the URL's ?schema=", async () => {
    const url = db.urlWithSchema('tenant_a');
    await rm(join(migrationsDir, '20250102000000_added_broken_step'), { recursive: true });

    const result = await applyMigrations({ databaseUrl: url, migrationsDir, schemaPath });

    expect(result.applied).toEqual(['20250101000000_created_notes']);
    const tables = await query<{ table_schema: string; table_name: string }>(
      db.url,
      "SELECT table_schema, table_name FROM information_schema.tables WHERE table_name IN ('notes', '_prisma_migrations') ORDER BY 1, 2",
    );
    expect(tables).toEqual([
      { table_schema: 'public', table_name: '_prisma_migrations' },
      { table_schema: 'public', table_name: 'notes' },
      { table_schema: 'tenant_a', table_name: '_prisma_migrations' },
      { table_schema: 'tenant_a', table_name: 'notes' },
    ]);
  });
});

describe('createMigration', () => {
  let dir: string;
  let schemaPath: string;
  let migrationsDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'db-create-migration-'));
    schemaPath = join(dir, 'schema.prisma');
    migrationsDir = join(dir, 'migrations');
    await writeFile(schemaPath, NOTES_SCHEMA);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the first migration, with the lock file, from an empty history', async () => {
    const created = await createMigration({
      databaseUrl: requireDatabaseUrl(),
      migrationsDir,
      schemaPath,
      name: 'Created notes',
      now: new Date('2025-03-04T05:06:07Z'),
    });

    expect(created?.name).toBe('20250304050607_created_notes');
    expect(created?.sql).toMatch(/CREATE TABLE "notes"/);
    expect(
      await readFile(join(migrationsDir, '20250304050607_created_notes', 'migration.sql'), 'utf8'),
    ).toBe(created?.sql);
    expect(await readFile(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(
      MIGRATION_LOCK_CONTENT,
    );
  });

  it('writes nothing when the schema has not changed', async () => {
    const created = await createMigration({
      databaseUrl: requireDatabaseUrl(),
      migrationsDir,
      schemaPath,
      name: 'nothing',
    });

    expect(created).toBeNull();
    expect(await readdir(migrationsDir)).toEqual([
      '20250304050607_created_notes',
      'migration_lock.toml',
    ]);
  });

  it('writes only the difference after a schema change, ordered after the history', async () => {
    await writeFile(
      schemaPath,
      NOTES_SCHEMA.replace('  body String\n', '  author String?\n  body   String\n'),
    );

    const created = await createMigration({
      databaseUrl: requireDatabaseUrl(),
      migrationsDir,
      schemaPath,
      name: 'added_note_author',
      now: new Date('2025-01-01T00:00:00Z'),
    });

    expect(created?.name).toBe('20250304050608_added_note_author');
    expect(created?.sql).toMatch(/ALTER TABLE "notes" ADD COLUMN\s+"author" TEXT/);
    expect(created?.sql).not.toMatch(/CREATE TABLE/);
  });
});
