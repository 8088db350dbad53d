import pg from 'pg';

import {
  DEFAULT_SCHEMA,
  MAINTENANCE_DATABASE,
  parseDatabaseUrl,
  quoteIdentifier,
  withDatabase,
} from '../client/database-url.util';

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';

export interface EnsureDatabaseResult {
  createdDatabase: boolean;
}

/**
 * Makes sure the database in DATABASE_URL exists (creating it through the maintenance database,
 * as `createdb` does) and so does its `?schema=`. Concurrent callers are fine: losing the race
 * to create the database is not an error.
 */
export async function ensureDatabase(databaseUrl: string): Promise<EnsureDatabaseResult> {
  const target = parseDatabaseUrl(databaseUrl);
  let createdDatabase = false;
  let client = new pg.Client({ connectionString: target.connectionString });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) {
      throw error;
    }
    createdDatabase = await createDatabase(databaseUrl, target.database);
    client = new pg.Client({ connectionString: target.connectionString });
    await client.connect();
  }
  try {
    if (target.schema !== DEFAULT_SCHEMA) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(target.schema)}`);
    }
  } finally {
    await client.end();
  }
  return { createdDatabase };
}

async function createDatabase(databaseUrl: string, database: string): Promise<boolean> {
  const maintenance = new pg.Client({
    connectionString: withDatabase(databaseUrl, MAINTENANCE_DATABASE),
  });
  await maintenance.connect();
  try {
    await maintenance.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === DUPLICATE_DATABASE) {
      return false;
    }
    throw error;
  } finally {
    await maintenance.end();
  }
}
