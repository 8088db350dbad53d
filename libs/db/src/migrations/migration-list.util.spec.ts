import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  ensureMigrationLock,
  MIGRATION_LOCK_CONTENT,
  readMigrationsList,
  sortMigrationDirectories,
} from './migration-list.util';

describe('readMigrationsList', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migrations-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function addMigration(name: string, sql?: string): Promise<void> {
    await mkdir(join(dir, name));
    if (sql !== undefined) {
      await writeFile(join(dir, name, 'migration.sql'), sql);
    }
  }

  it('lists migration folders in name order with their SQL and the lock file', async () => {
    await addMigration('20250102000000_second', 'SELECT 2;');
    await addMigration('20250101000000_first', 'SELECT 1;');
    await writeFile(join(dir, 'migration_lock.toml'), MIGRATION_LOCK_CONTENT);
    await writeFile(join(dir, 'README.md'), 'not a migration');

    const list = await readMigrationsList(dir);

    expect(list.baseDir).toBe(dir);
    expect(list.lockfile.content).toBe(MIGRATION_LOCK_CONTENT);
    expect(list.migrationDirectories).toEqual([
      {
        path: '20250101000000_first',
        migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'SELECT 1;' } },
      },
      {
        path: '20250102000000_second',
        migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'SELECT 2;' } },
      },
    ]);
  });

  it('passes a folder without migration.sql on as an error for the engine to report', async () => {
    await addMigration('20250101000000_empty');

    const [directory] = (await readMigrationsList(dir)).migrationDirectories;

    expect(directory?.migrationFile.content.tag).toBe('error');
  });

  it('treats a missing folder as an empty history without a lock file', async () => {
    const list = await readMigrationsList(join(dir, 'missing'));

    expect(list.migrationDirectories).toEqual([]);
    expect(list.lockfile.content).toBeNull();
  });

  it('writes the lock file only when it is missing', async () => {
    await ensureMigrationLock(dir);
    expect(await readFile(join(dir, 'migration_lock.toml'), 'utf8')).toBe(MIGRATION_LOCK_CONTENT);

    await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    await ensureMigrationLock(dir);
    expect(await readFile(join(dir, 'migration_lock.toml'), 'utf8')).toBe(
      'provider = "postgresql"\n',
    );
  });
});

describe('sortMigrationDirectories', () => {
  it('orders by code unit, independent of locale collation', () => {
    expect(
      sortMigrationDirectories(['20250101000000_b', '20250101000000_B', '20241231000000_z']),
    ).toEqual(['20241231000000_z', '20250101000000_B', '20250101000000_b']);
  });
});
