/** Where a DATABASE_URL points, in the terms the pg driver and Prisma need. */
export interface DatabaseTarget {
  /** The URL for the pg driver: Prisma's own `schema` parameter removed. */
  connectionString: string;
  /** Database name from the URL path. */
  database: string;
  /** PostgreSQL schema holding the tables: `?schema=` as with Prisma's native engines, else `public`. */
  schema: string;
  /** libpq `options` that make the schema the search path (unset for `public`). */
  pgOptions: string | undefined;
}

export const DEFAULT_SCHEMA = 'public';
/** Database used to create a missing database, as `createdb` does. */
export const MAINTENANCE_DATABASE = 'postgres';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Reads a `postgresql://` URL the way Prisma's native engines do: `?schema=name` selects the
 * PostgreSQL schema. Several services (and exchange-local) can then share one database, each in
 * its own schema. Schema and database names must be plain identifiers so they can be quoted
 * safely in DDL.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(
      'DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/database).',
    );
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must use the postgresql:// scheme, not ${url.protocol}//.`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!IDENTIFIER.test(database)) {
    throw new Error(
      `DATABASE_URL names the database "${database}"; expected a plain identifier ([A-Za-z_][A-Za-z0-9_]*).`,
    );
  }
  const schema = url.searchParams.get('schema') ?? DEFAULT_SCHEMA;
  if (!IDENTIFIER.test(schema)) {
    throw new Error(
      `DATABASE_URL names the schema "${schema}"; expected a plain identifier ([A-Za-z_][A-Za-z0-9_]*).`,
    );
  }
  url.searchParams.delete('schema');
  const pgOptions =
    schema === DEFAULT_SCHEMA || url.searchParams.has('options')
      ? undefined
      : `-c search_path=${schema}`;
  return { connectionString: url.toString(), database, schema, pgOptions };
}

/** The same server and credentials, another database (e.g. the maintenance database). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  url.searchParams.delete('schema');
  return url.toString();
}

/** Double-quotes an identifier already checked by parseDatabaseUrl. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
