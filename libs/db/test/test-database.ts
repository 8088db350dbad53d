import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { parseDatabaseUrl, quoteIdentifier, withDatabase } from '../src/client/database-url.util';

/** A database of its own for one test file, on the server DATABASE_URL points at. */
export interface TestDatabase {
  /** URL of the (not yet created) database; pass `schema` for a `?schema=` variant. */
  url: string;
  name: string;
  urlWithSchema(schema: string): string;
  /** Drops the database, closing any connection left on it. */
  drop(): Promise<void>;
}

export function requireDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Integration tests need a real PostgreSQL whose user may create databases, ' +
        'e.g. DATABASE_URL=$(npm run -s stack -- env | sed -n "s/^DATABASE_URL=//p") or postgresql://user:password@127.0.0.1:5432/postgres',
    );
  }
  return url;
}

export function testDatabase(purpose: string): TestDatabase {
  const serverUrl = requireDatabaseUrl();
  const name = `tickline_it_${purpose}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  return {
    url,
    name,
    urlWithSchema: (schema) => {
      const withSchema = new URL(url);
      withSchema.searchParams.set('schema', schema);
      return withSchema.toString();
    },
    drop: async () => {
      const client = new pg.Client({
        connectionString: parseDatabaseUrl(serverUrl).connectionString,
      });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs one query on the test database with a short-lived connection. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: parseDatabaseUrl(url).connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
