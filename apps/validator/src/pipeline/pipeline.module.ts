import { Module } from '@nestjs/common';
import { MetricsModule } from '@tickline/service-kit';

import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { PartitionAssignments } from './partition-assignments.service';
import { ValidatorConsumer } from './validator.consumer';
import { ValidatorMetrics } from './validator.metrics';

@Module({
  imports: [InfrastructureModule, MetricsModule],
  providers: [PartitionAssignments, ValidatorConsumer, ValidatorMetrics],
})
export class PipelineModule {}
