import type { PoolConfig } from 'pg';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import { createPgAdapter } from './pg-adapter.factory';

export interface CreatePrismaClientOptions {
  databaseUrl: string;
  /** pg pool settings (max connections, timeouts). */
  pool?: PoolConfig;
  /** Prisma log levels printed to stdout; default warnings only (failed queries are thrown anyway). */
  log?: Prisma.LogLevel[];
}

/**
 * A Prisma client for a DATABASE_URL, running on the pg driver adapter (no native engine).
 * For scripts and tests; Nest services inject PrismaService from DbModule instead.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  return new PrismaClient({
    adapter: createPgAdapter(options.databaseUrl, options.pool),
    log: options.log ?? ['warn'],
  });
}
