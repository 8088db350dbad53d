import { PrismaPg } from '@prisma/adapter-pg';
import type { PoolConfig } from 'pg';

import { DEFAULT_SCHEMA, parseDatabaseUrl } from './database-url.util';

/** pg pool settings for a DATABASE_URL (with `?schema=` turned into the search path). */
export function pgPoolConfig(databaseUrl: string, overrides: PoolConfig = {}): PoolConfig {
  const target = parseDatabaseUrl(databaseUrl);
  return {
    connectionString: target.connectionString,
    ...(target.pgOptions ? { options: target.pgOptions } : {}),
    ...overrides,
  };
}

/**
 * The pg driver adapter for a DATABASE_URL. Prisma 7 runs queries through it (no native query
 * engine); the schema option makes the generated SQL name the URL's schema explicitly.
 */
export function createPgAdapter(databaseUrl: string, overrides: PoolConfig = {}): PrismaPg {
  const { schema } = parseDatabaseUrl(databaseUrl);
  return new PrismaPg(
    pgPoolConfig(databaseUrl, overrides),
    schema === DEFAULT_SCHEMA ? {} : { schema },
  );
}
