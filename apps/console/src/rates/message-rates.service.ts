import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { parsePrometheusText, sumByLabel, type MetricSample } from '@tickline/domain';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import type { MetricsSource } from './metrics-sources.util';
import { RateSeries } from './rate-series.model';

/**
 * The series of the message-rate chart, by service role:
 * `ingested <venue>` (every ingestor, summed), `accepted <venue>` (validator), `cache applied`.
 */
export function countersOf(samples: readonly MetricSample[]): Map<string, number> {
  const counters = new Map<string, number>();
  const add = (series: string, value: number) =>
    counters.set(series, (counters.get(series) ?? 0) + value);
  for (const [venue, v] of sumByLabel(samples, 'ingestor_messages_total', 'venue'))
    add(`ingested ${venue}`, v);
  for (const [venue, v] of sumByLabel(samples, 'validator_events_accepted_total', 'venue'))
    add(`accepted ${venue}`, v);
  const applied = sumByLabel(samples, 'cache_events_total', 'outcome').get('applied');
  if (applied !== undefined) add('cache applied', applied);
  return counters;
}

/** Reads every configured /metrics periodically and keeps message rates for the chart. */
@Injectable()
export class MessageRatesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MessageRatesService.name);
  private readonly sources: readonly MetricsSource[];
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly series: RateSeries;
  private readonly reachable = new Map<string, boolean>();
  private timer?: NodeJS.Timeout;

  constructor(config: ConfigService<AppConfig>) {
    this.sources = config.get('CONSOLE_METRICS_URLS');
    this.intervalMs = config.get('CONSOLE_METRICS_INTERVAL');
    this.timeoutMs = config.get('CONSOLE_BACKEND_TIMEOUT');
    this.series = new RateSeries(config.get('CONSOLE_RATE_HISTORY'));
  }

  onModuleInit(): void {
    void this.scrape();
    this.timer = setInterval(() => void this.scrape(), this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  rates(): {
    intervalMs: number;
    sources: { name: string; up: boolean }[];
    series: ReturnType<RateSeries['snapshot']>;
  } {
    return {
      intervalMs: this.intervalMs,
      sources: this.sources.map((s) => ({ name: s.name, up: this.reachable.get(s.name) ?? false })),
      series: this.series.snapshot(),
    };
  }

  private async scrape(): Promise<void> {
    const t = Date.now();
    const texts = await Promise.all(
      this.sources.map(async (source) => {
        try {
          const response = await fetch(source.url, { signal: AbortSignal.timeout(this.timeoutMs) });
          const text = response.ok ? await response.text() : '';
          this.markReachable(source.name, response.ok);
          return text;
        } catch {
          this.markReachable(source.name, false);
          return '';
        }
      }),
    );
    this.series.record(t, countersOf(texts.flatMap(parsePrometheusText)));
  }

  private markReachable(name: string, up: boolean): void {
    if (this.reachable.get(name) !== up)
      this.logger.log(`Metrics of ${name} are ${up ? 'reachable' : 'unreachable'}.`);
    this.reachable.set(name, up);
  }
}
