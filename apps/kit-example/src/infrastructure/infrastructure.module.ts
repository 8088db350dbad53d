import { Module } from '@nestjs/common';
import { DbModule } from '@tickline/db';
import { ConfigService, HealthModule, KafkaModule, S3Module } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { InfrastructureBootstrap } from './infrastructure.bootstrap';

/**
 * The example's external dependencies, set up once and shared by the feature modules. The kit
 * modules register their readiness probes (kafka, s3); InfrastructureBootstrap registers the
 * database's.
 */
@Module({
  exports: [DbModule, KafkaModule, S3Module],
  imports: [
    DbModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig>) => ({
        databaseUrl: config.get('DATABASE_URL'),
      }),
    }),
    HealthModule,
    KafkaModule.forRoot(),
    S3Module.forRoot<AppConfig>({ probeBucket: (config) => config.EXAMPLE_BUCKET }),
  ],
  providers: [InfrastructureBootstrap],
})
export class InfrastructureModule {}
