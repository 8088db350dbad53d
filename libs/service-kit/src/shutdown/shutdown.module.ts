import { Module } from '@nestjs/common';

import { ConfigService } from '../config/config.service';
import type { ServiceConfig } from '../config/service-config.schema';
import { DrainService } from './drain.service';
import { DRAIN_TIMEOUT_MS } from './shutdown.constants';

/** Import wherever drain callbacks are registered; one DrainService serves the whole app. */
@Module({
  exports: [DrainService],
  providers: [
    DrainService,
    {
      inject: [ConfigService],
      provide: DRAIN_TIMEOUT_MS,
      useFactory: (config: ConfigService<ServiceConfig>) => config.get('SHUTDOWN_DRAIN_TIMEOUT'),
    },
  ],
})
export class ShutdownModule {}
