import { Module } from '@nestjs/common';
import { DbModule } from '@tickline/db';
import {
  ConfigService,
  HealthModule,
  KafkaModule,
  MetricsModule,
  ShutdownModule,
} from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { InfrastructureBootstrap } from './infrastructure.bootstrap';

/** PostgreSQL, Kafka, metrics and the drain, set up once and shared by the feature modules. */
@Module({
  exports: [DbModule, KafkaModule, MetricsModule, ShutdownModule],
  imports: [
    DbModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig>) => ({
        databaseUrl: config.get('DATABASE_URL'),
      }),
    }),
    HealthModule,
    KafkaModule.forRoot(),
    MetricsModule,
    ShutdownModule,
  ],
  providers: [InfrastructureBootstrap],
})
export class InfrastructureModule {}
