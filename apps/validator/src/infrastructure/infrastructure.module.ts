import { Module } from '@nestjs/common';
import { HealthModule, KafkaModule } from '@tickline/service-kit';

import { InfrastructureBootstrap } from './infrastructure.bootstrap';

/** Kafka (with its readiness probe) and the topic bootstrap, shared by the pipeline. */
@Module({
  exports: [HealthModule, KafkaModule],
  imports: [HealthModule, KafkaModule.forRoot()],
  providers: [InfrastructureBootstrap],
})
export class InfrastructureModule {}
