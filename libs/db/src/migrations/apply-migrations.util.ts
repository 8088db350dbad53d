import { ensureDatabase } from './ensure-database.util';
import { readMigrationsList } from './migration-list.util';
import { NO_FILTER, withSchemaEngine } from './schema-engine.session';

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  /** Folder of `<timestamp>_<name>/migration.sql` folders. */
  migrationsDir: string;
  /** The Prisma schema the migrations belong to. */
  schemaPath: string;
  /** Create the database (and the URL's `?schema=`) when missing. Default true. */
  createDatabase?: boolean;
  onLog?: (line: string) => void;
}

export interface ApplyMigrationsResult {
  /** Migrations applied by this call, in order; empty when the database was up to date. */
  applied: string[];
  /** All migrations in the folder. */
  known: string[];
  createdDatabase: boolean;
}

/**
 * Applies the pending migrations, like `prisma migrate deploy`, on the WebAssembly schema
 * engine. The engine keeps the same `_prisma_migrations` table (names, checksums, start and
 * finish times), so this and the native CLI can take turns on one database. Already applied
 * migrations are skipped; a migration that failed earlier, or a missing lock file, stops it with
 * the engine's error, as the CLI would. Concurrent runs wait for each other (Prisma's advisory
 * lock), so every replica of a service may call this at start.
 */
export async function applyMigrations(
  options: ApplyMigrationsOptions,
): Promise<ApplyMigrationsResult> {
  const { createdDatabase } =
    options.createDatabase === false
      ? { createdDatabase: false }
      : await ensureDatabase(options.databaseUrl);
  const migrationsList = await readMigrationsList(options.migrationsDir);
  const known = migrationsList.migrationDirectories.map((directory) => directory.path);
  if (known.length === 0) {
    return { applied: [], known, createdDatabase };
  }
  const output = await withSchemaEngine(
    { databaseUrl: options.databaseUrl, schemaPath: options.schemaPath, onLog: options.onLog },
    (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
  );
  return { applied: output.appliedMigrationNames, known, createdDatabase };
}
