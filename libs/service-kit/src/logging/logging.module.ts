import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { ConfigService } from '../config/config.service';
import type { ServiceConfig } from '../config/service-config.schema';
import { pinoHttpOptions } from './pino-options.util';

/**
 * pino JSON logging for the whole app through nestjs-pino: `new Logger(X.name)` in any class
 * writes through pino, and every HTTP request gets one completion line with its request id.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<ServiceConfig>) => ({
        pinoHttp: pinoHttpOptions({
          level: config.get('LOG_LEVEL'),
          service: config.get('SERVICE_NAME'),
        }),
      }),
    }),
  ],
})
export class LoggingModule {}
