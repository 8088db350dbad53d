import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { databaseReadinessProbe, DbModule, PrismaService } from '@tickline/db';
import {
  ConfigService,
  HealthModule,
  KafkaModule,
  ProbeRegistry,
  S3Module,
} from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { ExchangeClients } from '../exchange/exchange-clients';
import { ExchangeGateway } from '../exchange/exchange.gateway';
import { loadMapping } from '../mapping/mapping.loader';
import { MAPPING } from '../mapping/mapping.schema';

/**
 * The publisher's external dependencies: PostgreSQL, Kafka (alerts), S3 (lake, products,
 * incoming), the exchange clients, and the mapping (validated at start: a bad file stops the boot).
 */
@Module({
  exports: [DbModule, KafkaModule, S3Module, ExchangeGateway, MAPPING],
  imports: [
    DbModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig>) => ({
        databaseUrl: config.get('DATABASE_URL'),
      }),
    }),
    HealthModule,
    KafkaModule.forRoot(),
    S3Module.forRoot<AppConfig>(),
  ],
  providers: [
    {
      provide: ExchangeClients,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig>) => new ExchangeClients(config.all()),
    },
    {
      provide: ExchangeGateway,
      inject: [ExchangeClients],
      useFactory: (clients: ExchangeClients) => new ExchangeGateway(clients),
    },
    {
      provide: MAPPING,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig>) => loadMapping(config.all()),
    },
  ],
})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly probes: ProbeRegistry,
    private readonly prisma: PrismaService,
    @Inject(ExchangeClients) private readonly clients: ExchangeClients,
  ) {}

  onModuleInit(): void {
    this.probes.register(databaseReadinessProbe(this.prisma));
  }

  onApplicationShutdown(): void {
    this.clients.destroy();
  }
}
