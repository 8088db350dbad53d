import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { createPgAdapter } from '@tickline/db';
import { databaseProbe, ProbeRegistry } from '@tickline/service-kit';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { PrismaClient } from '../generated/prisma/client';

/**
 * exchange-local's own Prisma client (generated from apps/exchange-local/prisma), bound to the
 * PostgreSQL schema of its URL's `?schema=` through the shared pg adapter factory.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);

  constructor(
    @Inject(EXCHANGE_CONFIG) config: ExchangeConfig,
    private readonly probes: ProbeRegistry,
  ) {
    super({ adapter: createPgAdapter(config.databaseUrl, { max: 10 }) });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    this.probes.register(databaseProbe(() => this.$queryRaw`SELECT 1`));
    this.logger.log('Connected to PostgreSQL.');
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
