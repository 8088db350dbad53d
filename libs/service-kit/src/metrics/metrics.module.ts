import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';

import { ConfigService } from '../config/config.service';
import type { ServiceConfig } from '../config/service-config.schema';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * /metrics, the MetricsService and per-route HTTP metrics; import it wherever metrics are
 * created (a static module: every importer shares one registry).
 */
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
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
