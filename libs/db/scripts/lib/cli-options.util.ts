import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { DB_SCHEMA_PATH } from '../../src/migrations/db-paths.constants';
import { takePanicMessage } from '../../src/migrations/schema-engine.loader';

export interface CliOptions {
  schemaPath: string;
  migrationsDir: string;
  positionals: string[];
  verbose: boolean;
  createDatabase: boolean;
}

/**
 * Options shared by the db:* scripts. `--schema` selects another Prisma schema (for example an
 * app's own, in its own PostgreSQL schema); its migrations default to the `migrations` folder
 * beside it, as with Prisma's CLI. Relative paths are taken from where npm was started.
 */
export function parseCliOptions(argv: readonly string[], usage: string): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        migrations: { type: 'string' },
        'no-create-database': { type: 'boolean' },
        schema: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${usage}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const base = process.env['INIT_CWD'] ?? process.cwd();
  const schemaPath = parsed.values.schema ? resolve(base, parsed.values.schema) : DB_SCHEMA_PATH;
  return {
    schemaPath,
    migrationsDir: parsed.values.migrations
      ? resolve(base, parsed.values.migrations)
      : resolve(dirname(schemaPath), 'migrations'),
    positionals: parsed.positionals,
    verbose: parsed.values.verbose ?? false,
    createDatabase: !(parsed.values['no-create-database'] ?? false),
  };
}

export function requireDatabaseUrl(purpose: string): string {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    fail(
      `DATABASE_URL is not set; it is needed ${purpose}. Example: DATABASE_URL=postgresql://user:password@127.0.0.1:5432/tickline`,
    );
  }
  return url;
}

/** The URL without its password, for messages. */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) {
      url.password = '***';
    }
    return url.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Runs a script's main function, printing errors without a stack unless --verbose. */
export function runMain(main: () => Promise<void>): void {
  // A Rust panic inside the wasm engine can surface outside any promise chain.
  process.on('uncaughtException', (error) => {
    const panic = takePanicMessage();
    fail(
      panic === undefined
        ? `Error: ${error.stack ?? error.message}`
        : `Error: the schema engine panicked: ${panic}`,
    );
  });
  main().catch((error: unknown) => {
    const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
    const text =
      error instanceof Error
        ? verbose
          ? (error.stack ?? error.message)
          : error.message
        : String(error);
    fail(`Error: ${text}`);
  });
}
