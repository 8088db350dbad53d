import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';

import { parseDatabaseUrl } from '../client/database-url.util';
import { createPgAdapter } from '../client/pg-adapter.factory';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { pingDatabase } from '../health/database-readiness.probe';
import { DB_MODULE_OPTIONS, type DbModuleOptions } from './db.module-definition';

/** Prisma's log levels that PrismaService receives as events ('query' only with logQueries). */
type ServiceClientOptions = Prisma.PrismaClientOptions & {
  log: { emit: 'event'; level: 'query' | 'warn' }[];
};

/**
 * The Prisma client as a Nest provider: connects when the module starts, disconnects when it is
 * destroyed, and sends Prisma's warnings (and queries, if asked) to the Nest logger. Failed
 * queries are not logged here: they reach the caller as errors, and some are expected (a unique
 * constraint saying "already published" is an answer, not a fault).
 */
@Injectable()
export class PrismaService
  extends PrismaClient<ServiceClientOptions>
  implements OnModuleInit, OnModuleDestroy
{
  private readonly logger = new Logger(PrismaService.name);

  constructor(@Inject(DB_MODULE_OPTIONS) private readonly options: DbModuleOptions) {
    super({
      adapter: createPgAdapter(options.databaseUrl, options.pool),
      log: [
        { emit: 'event', level: 'warn' },
        ...(options.logQueries ? [{ emit: 'event' as const, level: 'query' as const }] : []),
      ],
    });
    this.$on('warn', (event) => this.logger.warn(`Prisma: ${event.message}`));
    if (options.logQueries) {
      this.$on('query', (event) =>
        this.logger.debug(`Query (${event.duration} ms): ${event.query}`),
      );
    }
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    const { database, schema } = parseDatabaseUrl(this.options.databaseUrl);
    this.logger.log(`Prisma client ready for database "${database}", schema "${schema}".`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    this.logger.log('Prisma client disconnected.');
  }

  /** Readiness check: resolves when `SELECT 1` gets through. */
  ping(): Promise<void> {
    return pingDatabase(this);
  }
}
