import { Module } from '@nestjs/common';

import { ConfigService } from '../config/config.service';
import type { ServiceConfig } from '../config/service-config.schema';
import { ShutdownModule } from '../shutdown/shutdown.module';
import { EventLoopMonitor } from './event-loop-monitor.service';
import { HealthController } from './health.controller';
import { MAX_EVENT_LOOP_DELAY_MS, PROBE_TIMEOUT_MS } from './health.constants';
import { ProbeRegistry } from './probe-registry.service';

/**
 * /healthz and /readyz. Modules that own a dependency import this module and register a probe
 * with ProbeRegistry; being a static module, every importer shares one registry.
 */
@Module({
  controllers: [HealthController],
  exports: [ProbeRegistry],
  imports: [ShutdownModule],
  providers: [
    {
      inject: [MAX_EVENT_LOOP_DELAY_MS],
      provide: EventLoopMonitor,
      useFactory: (maxDelayMs: number) => new EventLoopMonitor(maxDelayMs),
    },
    ProbeRegistry,
    {
      inject: [ConfigService],
      provide: MAX_EVENT_LOOP_DELAY_MS,
      useFactory: (config: ConfigService<ServiceConfig>) =>
        config.get('HEALTH_MAX_EVENT_LOOP_DELAY'),
    },
    {
      inject: [ConfigService],
      provide: PROBE_TIMEOUT_MS,
      useFactory: (config: ConfigService<ServiceConfig>) => config.get('HEALTH_PROBE_TIMEOUT'),
    },
  ],
})
export class HealthModule {}
