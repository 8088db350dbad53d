import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';

import { HealthModule } from '../health/health.module';
import { HttpExceptionFilter } from '../http/http-exception.filter';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ShutdownCoordinator } from '../shutdown/shutdown.coordinator';
import { ShutdownModule } from '../shutdown/shutdown.module';

@Module({})
export class ServiceRootModule {
  /**
   * Wraps the service's own module with what every service mounts: logging, /healthz,
   * /readyz, /metrics, the drain-first shutdown, zod request validation for `createZodDto`
   * bodies and the JSON error filter. The app module brings `ConfigModule.forRoot(schema)`.
   */
  static wrap(appModule: Type | DynamicModule): DynamicModule {
    return {
      imports: [appModule, HealthModule, LoggingModule, MetricsModule, ShutdownModule],
      module: ServiceRootModule,
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        ShutdownCoordinator,
      ],
    };
  }
}
