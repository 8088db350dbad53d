import { randomUUID } from 'node:crypto';

import type { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

import {
  DEFAULT_SCHEMA,
  parseDatabaseUrl,
  quoteIdentifier,
  withDatabase,
} from '../client/database-url.util';
import { createPgAdapter } from '../client/pg-adapter.factory';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Shadow databases are named with this prefix, so leftovers of a killed process are easy to spot. */
export const SHADOW_DATABASE_PREFIX = 'prisma_migrate_shadow_db_';

/** An adapter factory that also closes every connection it handed out. */
export interface SchemaEngineAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  disposeAll(): Promise<void>;
}

type PgDriverAdapter = SqlDriverAdapter & { underlyingDriver(): pg.Pool };
type PgResult = { fields: { dataTypeID: number }[] };
/** The pg adapter's internals this module hooks into (present in @prisma/adapter-pg 7.x). */
type PerformIo = { performIO(query: SqlQuery): Promise<PgResult> };

/**
 * The adapter factory the schema engine is given: the pg driver adapter with three fixes that
 * matter to migrations (and to nothing else, so the application client uses the plain adapter).
 *
 * 1. The engine describes a database from the PostgreSQL catalogs, whose flag columns
 *    (`contype`, `relkind`, ...) have the one-byte type `"char"`. The adapter has no column type
 *    for it ("Column type 'char' could not be deserialized"); it is reported as Character,
 *    which is what the engine reads those columns as.
 * 2. The adapter's `executeScript` splits a script at every `;` and runs the pieces one by one,
 *    which breaks on semicolons in strings or function bodies and leaves a failed migration half
 *    applied. The native engine sends the script as one simple-protocol query, which PostgreSQL
 *    runs as one implicit transaction; so does this.
 * 3. The adapter's shadow database leaves a pool open (keeping the process alive); this one
 *    closes everything and creates the URL's schema in it.
 *
 * Freeing the engine does not close its pools, so `disposeAll()` does, idempotently.
 */
export function createSchemaEngineAdapterFactory(databaseUrl: string): SchemaEngineAdapterFactory {
  const base: PrismaPg = createPgAdapter(databaseUrl);
  const open: SqlDriverAdapter[] = [];
  const prepare = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const prepared = onceDisposed(withWholeScripts(withCatalogChars(adapter) as PgDriverAdapter));
    open.push(prepared);
    return prepared;
  };
  return {
    adapterName: base.adapterName,
    provider: base.provider,
    connect: async () => prepare(await base.connect()),
    connectToShadowDb: async () => prepare(await connectToShadowDatabase(databaseUrl)),
    disposeAll: async () => {
      const adapters = open.splice(0).reverse();
      const results = await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
      const failure = results.find(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      if (failure) {
        throw failure.reason;
      }
    },
  };
}

/** Wraps a queryable (and the transactions it starts) so `"char"` columns come back as Character. */
export function withCatalogChars<T extends SqlQueryable>(queryable: T): T {
  const hooks = queryable as unknown as SqlQueryable &
    PerformIo &
    Partial<Pick<SqlDriverAdapter, 'startTransaction'>>;
  if (typeof hooks.performIO !== 'function') {
    throw new Error(
      '@prisma/adapter-pg no longer has performIO(); check the schema engine adapter fixes against this version.',
    );
  }
  // Keyed by the query object: queryRaw passes the same object to performIO, and queries may overlap.
  const charColumns = new WeakMap<SqlQuery, number[]>();
  const performIO = hooks.performIO.bind(hooks);
  hooks.performIO = async (query) => {
    const result = await performIO(query);
    const columns = markCharColumns(result);
    if (columns.length > 0) {
      charColumns.set(query, columns);
    }
    return result;
  };
  const queryRaw = hooks.queryRaw.bind(hooks);
  hooks.queryRaw = async (query): Promise<SqlResultSet> => {
    const resultSet = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) {
      resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    }
    charColumns.delete(query);
    return resultSet;
  };
  if (typeof hooks.startTransaction === 'function') {
    const startTransaction = hooks.startTransaction.bind(hooks);
    hooks.startTransaction = async (isolationLevel): Promise<Transaction> =>
      withCatalogChars(await startTransaction(isolationLevel));
  }
  return queryable;
}

/**
 * Relabels `"char"` fields as text, so the adapter accepts them (pg already returns their values
 * as one-character strings), and returns their positions.
 */
export function markCharColumns(result: PgResult): number[] {
  const columns: number[] = [];
  result.fields.forEach((field, index) => {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      columns.push(index);
    }
  });
  return columns;
}

function withWholeScripts(adapter: PgDriverAdapter): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      throw asDriverAdapterError(error);
    }
  };
  return adapter;
}

function onceDisposed(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  let disposed: Promise<void> | undefined;
  adapter.dispose = () => (disposed ??= dispose());
  return adapter;
}

/**
 * A throw-away database on the same server for the engine to replay the migration history into
 * (what `prisma migrate dev` calls the shadow database), dropped again on dispose.
 */
async function connectToShadowDatabase(databaseUrl: string): Promise<SqlDriverAdapter> {
  const target = parseDatabaseUrl(databaseUrl);
  const name = `${SHADOW_DATABASE_PREFIX}${randomUUID().replace(/-/g, '')}`;
  await runStatements(databaseUrl, [`CREATE DATABASE ${quoteIdentifier(name)}`]);
  try {
    if (target.schema !== DEFAULT_SCHEMA) {
      await runStatements(withDatabase(databaseUrl, name), [
        `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(target.schema)}`,
      ]);
    }
    const shadowUrl = new URL(databaseUrl);
    shadowUrl.pathname = `/${name}`;
    const adapter = await createPgAdapter(shadowUrl.toString()).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await dropDatabase(databaseUrl, name);
    };
    return adapter;
  } catch (error) {
    await dropDatabase(databaseUrl, name);
    throw error;
  }
}

async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  await runStatements(databaseUrl, [
    `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`,
  ]);
}

async function runStatements(databaseUrl: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({
    connectionString: parseDatabaseUrl(databaseUrl).connectionString,
  });
  await client.connect();
  try {
    for (const statement of statements) {
      await client.query(statement);
    }
  } finally {
    await client.end();
  }
}

function asDriverAdapterError(error: unknown): Error {
  const pgError = error as Partial<pg.DatabaseError> & Error;
  if (typeof pgError.code === 'string' && typeof pgError.severity === 'string') {
    return new DriverAdapterError({
      kind: 'postgres',
      code: pgError.code,
      severity: pgError.severity,
      message: pgError.message,
      detail: pgError.detail,
      column: pgError.column,
      hint: pgError.hint,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
