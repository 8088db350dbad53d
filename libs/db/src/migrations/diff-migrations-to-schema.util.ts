import { MIGRATION_LOCK_CONTENT, readMigrationsList } from './migration-list.util';
import { NO_FILTER, withSchemaEngine } from './schema-engine.session';

export interface DiffMigrationsToSchemaOptions {
  /** A server to create the temporary (shadow) database on; its own database is not touched. */
  databaseUrl: string;
  migrationsDir: string;
  schemaPath: string;
  onLog?: (line: string) => void;
}

const DIFF_HAS_CHANGES = 2;

/**
 * The SQL that takes a database from the end state of the migration history to the schema, or
 * null when they already agree. The engine replays the history into a throw-away database to
 * know that end state, as `prisma migrate dev` does.
 */
export async function diffMigrationsToSchema(
  options: DiffMigrationsToSchemaOptions,
): Promise<string | null> {
  const migrationsList = await readMigrationsList(options.migrationsDir);
  // A first migration has no lock file yet; the engine needs the provider from it.
  migrationsList.lockfile.content ??= MIGRATION_LOCK_CONTENT;
  const result = await withSchemaEngine(
    { databaseUrl: options.databaseUrl, schemaPath: options.schemaPath, onLog: options.onLog },
    (engine, schema) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', ...schema },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      }),
  );
  return result.exitCode === DIFF_HAS_CHANGES && result.stdout ? result.stdout : null;
}
