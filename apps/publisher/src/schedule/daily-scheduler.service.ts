import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';
import { Inject } from '@nestjs/common';

import type { AppConfig } from '../app-config.schema';
import { MAPPING, type Mapping } from '../mapping/mapping.schema';
import { RunsService } from '../runs/runs.service';
import { dailyScheduleSchema, nextFireTime, previousUtcDay } from './daily-schedule.util';

/**
 * Creates the previous UTC day's runs at the mapping's daily time. Every instance may fire:
 * run creation is idempotent (one run per data set, day and generation), so no leader is needed,
 * and a missed fire is made up by the next one or a POST /runs backfill.
 */
@Injectable()
export class DailySchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DailySchedulerService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runs: RunsService,
    private readonly config: ConfigService<AppConfig>,
    @Inject(MAPPING) private readonly mapping: Mapping,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.get('PUBLISHER_SCHEDULE_ENABLED')) {
      this.logger.log('Daily schedule disabled (PUBLISHER_SCHEDULE_ENABLED=false).');
      return;
    }
    this.arm();
  }

  private arm(): void {
    const schedule = dailyScheduleSchema.parse(this.mapping.schedule);
    const fire = nextFireTime(schedule, new Date());
    this.logger.log(`Next daily publication at ${fire.toISOString()}.`);
    // setTimeout holds at most ~24.8 days; a day is well within it.
    this.timer = setTimeout(() => void this.fire(fire), Math.max(0, fire.getTime() - Date.now()));
  }

  private async fire(at: Date): Promise<void> {
    const day = previousUtcDay(at);
    try {
      const runs = await this.runs.create({ from: day }, 'schedule');
      this.logger.log(
        `Scheduled publication of ${day}: ${runs.length} runs (${runs.filter((r) => r.outcome === 'created').length} new).`,
      );
    } catch (error) {
      this.logger.error(
        `Scheduled publication of ${day} could not be started: ${(error as Error).message}`,
      );
    }
    this.arm();
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }
}
