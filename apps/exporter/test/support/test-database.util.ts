import { randomBytes } from 'node:crypto';

import { applyMigrations, DB_MIGRATIONS_DIR, DB_SCHEMA_PATH } from '@tickline/db';
import { requireEnv } from '@tickline/testing';
import pg from 'pg';

/** A database of its own, with the real migration history applied, on the stack's server. */
export async function createTestDatabase(
  purpose: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const server = new URL(requireEnv('DATABASE_URL'));
  server.searchParams.delete('schema');
  const name = `tickline_it_exporter_${purpose}_${randomBytes(4).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  await applyMigrations({
    databaseUrl: url.toString(),
    migrationsDir: DB_MIGRATIONS_DIR,
    schemaPath: DB_SCHEMA_PATH,
  });
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: server.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
