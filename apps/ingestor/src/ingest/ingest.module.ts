import { Module } from '@nestjs/common';
import { HealthModule, KafkaModule, MetricsModule } from '@tickline/service-kit';

import { IngestorService } from './ingestor.service';

@Module({
  exports: [IngestorService],
  imports: [HealthModule, KafkaModule.forRoot(), MetricsModule],
  providers: [IngestorService],
})
export class IngestModule {}
