import { Module } from '@nestjs/common';
import { HealthModule, KafkaModule, MetricsModule, ShutdownModule } from '@tickline/service-kit';

import { IngestorService } from './ingestor.service';

@Module({
  exports: [IngestorService],
  imports: [HealthModule, KafkaModule.forRoot(), MetricsModule, ShutdownModule],
  providers: [IngestorService],
})
export class IngestModule {}
