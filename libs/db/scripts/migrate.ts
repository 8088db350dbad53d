import { relative } from 'node:path';

import { applyMigrations } from '../src/migrations/apply-migrations.util';
import {
  describeDatabaseUrl,
  parseCliOptions,
  requireDatabaseUrl,
  runMain,
} from './lib/cli-options.util';

const USAGE = `Applies pending Prisma migrations offline (WebAssembly schema engine, pg driver adapter).

Usage: npm run db:migrate [-- [--schema <schema.prisma>] [--migrations <dir>] [--no-create-database] [--verbose]]

  --schema <path>         Prisma schema (default: libs/db/prisma/schema.prisma)
  --migrations <dir>      migrations folder (default: "migrations" beside the schema)
  --no-create-database    fail instead of creating a missing database / ?schema=
  --verbose               print the schema engine's log lines

Environment: DATABASE_URL (postgresql://user:password@host:port/database[?schema=name]).
The bookkeeping is Prisma's own _prisma_migrations table: \`prisma migrate deploy\` works on the same database.`;

runMain(async () => {
  const options = parseCliOptions(process.argv.slice(2), USAGE);
  const databaseUrl = requireDatabaseUrl('to apply migrations');
  const result = await applyMigrations({
    databaseUrl,
    migrationsDir: options.migrationsDir,
    schemaPath: options.schemaPath,
    createDatabase: options.createDatabase,
    onLog: options.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  const where = describeDatabaseUrl(databaseUrl);
  if (result.createdDatabase) {
    process.stdout.write(`Created the database for ${where}.\n`);
  }
  if (result.known.length === 0) {
    process.stdout.write(
      `No migrations in ${relative(process.cwd(), options.migrationsDir) || '.'}; nothing to apply.\n`,
    );
  } else if (result.applied.length === 0) {
    process.stdout.write(`${where} is up to date (${result.known.length} migrations).\n`);
  } else {
    process.stdout.write(
      `Applied ${result.applied.length} of ${result.known.length} migrations to ${where}:\n`,
    );
    for (const name of result.applied) {
      process.stdout.write(`  ${name}\n`);
    }
  }
});
