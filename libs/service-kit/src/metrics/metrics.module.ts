import { Module } from '@nestjs/common';

import { ConfigService } from '../config/config.service';
import type { ServiceConfig } from '../config/service-config.schema';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** /metrics and the MetricsService; import it wherever metrics are created. */
@Module({
  controllers: [MetricsController],
  exports: [MetricsService],
  providers: [
    {
      inject: [ConfigService],
      provide: MetricsService,
      useFactory: (config: ConfigService<ServiceConfig>) =>
        new MetricsService(config.get('SERVICE_NAME')),
    },
  ],
})
export class MetricsModule {}
