import { Counter, Gauge, Histogram, Metric, Registry, collectDefaultMetrics } from 'prom-client';

import { metricName, metricPrefix, MetricKind } from './metric-name.util';

export interface MetricOptions<L extends string> {
  /** Without the service prefix, e.g. `messages_consumed_total`. */
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  buckets?: number[];
}

/**
 * The service's own prom-client registry (not the library's global one, so two apps in one
 * test process do not collide). Default process and Node.js metrics keep their standard
 * unprefixed names so stock dashboards work; the service's metrics get `<service>_`.
 * Creating a metric twice with the same name returns the first one, so several providers
 * may share a metric.
 */
export class MetricsService {
  readonly registry = new Registry();
  readonly prefix: string;

  constructor(serviceName: string, options: { defaultMetrics?: boolean } = {}) {
    this.prefix = metricPrefix(serviceName);
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
    }
  }

  counter<L extends string = string>(options: MetricOptions<L>): Counter<L> {
    return this.getOrCreate(
      'counter',
      options,
      (name) => new Counter<L>({ ...this.base(name, options) }),
    );
  }

  gauge<L extends string = string>(options: MetricOptions<L>): Gauge<L> {
    return this.getOrCreate(
      'gauge',
      options,
      (name) => new Gauge<L>({ ...this.base(name, options) }),
    );
  }

  histogram<L extends string = string>(options: HistogramOptions<L>): Histogram<L> {
    return this.getOrCreate(
      'histogram',
      options,
      (name) =>
        new Histogram<L>({
          ...this.base(name, options),
          ...(options.buckets ? { buckets: options.buckets } : {}),
        }),
    );
  }

  /** Prometheus text exposition of every metric in the registry. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private base<L extends string>(name: string, options: MetricOptions<L>) {
    return {
      name,
      help: options.help,
      labelNames: [...(options.labelNames ?? [])],
      registers: [this.registry],
    };
  }

  private getOrCreate<M extends Metric<string>>(
    kind: MetricKind,
    options: MetricOptions<string>,
    create: (name: string) => M,
  ): M {
    const name = metricName(this.prefix, options.name, kind);
    const existing = this.registry.getSingleMetric(name);
    if (existing) {
      if (!(existing instanceof kindClass(kind))) {
        throw new Error(`Metric "${name}" already exists with another type.`);
      }
      return existing as M;
    }
    return create(name);
  }
}

function kindClass(kind: MetricKind): typeof Counter | typeof Gauge | typeof Histogram {
  switch (kind) {
    case 'counter':
      return Counter;
    case 'gauge':
      return Gauge;
    case 'histogram':
      return Histogram;
  }
}
