import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { diffMigrationsToSchema } from './diff-migrations-to-schema.util';
import { ensureMigrationLock, MIGRATION_FILE } from './migration-list.util';
import { nextMigrationDirectoryName, slugifyMigrationName } from './migration-name.util';

export interface CreateMigrationOptions {
  databaseUrl: string;
  migrationsDir: string;
  schemaPath: string;
  /** Past tense and what changed, e.g. `added_export_retries`. */
  name: string;
  /** The migration's timestamp; defaults to now. */
  now?: Date;
  onLog?: (line: string) => void;
}

export interface CreatedMigration {
  /** The folder name, `<timestamp>_<name>`. */
  name: string;
  /** Absolute path of the new migration.sql. */
  file: string;
  sql: string;
}

/**
 * Writes a new migration folder with the SQL from the migration history to the schema, like
 * `prisma migrate dev --create-only`. Returns null (and writes nothing) when the schema has no
 * change the history lacks.
 */
export async function createMigration(
  options: CreateMigrationOptions,
): Promise<CreatedMigration | null> {
  slugifyMigrationName(options.name);
  const sql = await diffMigrationsToSchema(options);
  if (sql === null) {
    return null;
  }
  const migrationsDir = resolve(options.migrationsDir);
  await mkdir(migrationsDir, { recursive: true });
  const existing = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const name = nextMigrationDirectoryName(options.name, options.now ?? new Date(), existing);
  await mkdir(join(migrationsDir, name));
  const file = join(migrationsDir, name, MIGRATION_FILE);
  await writeFile(file, sql, { flag: 'wx' });
  await ensureMigrationLock(migrationsDir);
  return { name, file, sql };
}
