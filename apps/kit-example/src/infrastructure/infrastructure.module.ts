import { Module } from '@nestjs/common';
import { KafkaModule, S3Module } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { InfrastructureBootstrap } from './infrastructure.bootstrap';

/**
 * The example's external dependencies, set up once and shared by the feature modules: each
 * kit module registers its readiness probe (kafka, s3).
 */
@Module({
  exports: [KafkaModule, S3Module],
  imports: [
    KafkaModule.forRoot(),
    S3Module.forRoot<AppConfig>({ probeBucket: (config) => config.EXAMPLE_BUCKET }),
  ],
  providers: [InfrastructureBootstrap],
})
export class InfrastructureModule {}
