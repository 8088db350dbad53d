import { relative } from 'node:path';

import { createMigration } from '../src/migrations/create-migration.util';
import { fail, parseCliOptions, requireDatabaseUrl, runMain } from './lib/cli-options.util';

const USAGE = `Creates a migration from the migration history to the Prisma schema, offline.

Usage: npm run db:migration -- <name> [--schema <schema.prisma>] [--migrations <dir>] [--verbose]

  <name>                  past tense and what changed, e.g. added_export_retries
  --schema <path>         Prisma schema (default: libs/db/prisma/schema.prisma)
  --migrations <dir>      migrations folder (default: "migrations" beside the schema)

Environment: DATABASE_URL of a PostgreSQL server where the user may create databases: the
history is replayed into a temporary database there (dropped afterwards). The database named in
the URL itself is not read or changed.`;

runMain(async () => {
  const options = parseCliOptions(process.argv.slice(2), USAGE);
  const [name, ...extra] = options.positionals;
  if (name === undefined || extra.length > 0) {
    fail(`Give exactly one migration name.\n\n${USAGE}`);
  }
  const databaseUrl = requireDatabaseUrl('for the temporary database the history is replayed into');
  const created = await createMigration({
    databaseUrl,
    migrationsDir: options.migrationsDir,
    schemaPath: options.schemaPath,
    name,
    onLog: options.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  const schema = relative(process.cwd(), options.schemaPath);
  if (created === null) {
    process.stdout.write(
      `No change: the migrations in ${relative(process.cwd(), options.migrationsDir)} already produce ${schema}. Nothing was written.\n`,
    );
    return;
  }
  process.stdout.write(
    `Created ${relative(process.cwd(), created.file)} from the changes in ${schema}.\n`,
  );
  process.stdout.write(
    'Review it (hand edits such as CHECK constraints are fine), then apply it with npm run db:migrate.\n',
  );
});
