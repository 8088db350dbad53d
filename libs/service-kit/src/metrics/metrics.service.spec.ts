import { metricName, metricPrefix } from './metric-name.util';
import { MetricsService } from './metrics.service';

describe('metric naming', () => {
  it('turns a service name into a prefix', () => {
    expect(metricPrefix('kit-example')).toBe('kit_example');
    expect(metricPrefix('Exchange.Local')).toBe('exchange_local');
    expect(() => metricPrefix('9lives')).toThrow('does not make a valid metric prefix');
  });

  it('prefixes names and enforces Prometheus conventions', () => {
    expect(metricName('validator', 'events_valid_total', 'counter')).toBe(
      'validator_events_valid_total',
    );
    expect(metricName('validator', 'batch_duration_seconds', 'histogram')).toBe(
      'validator_batch_duration_seconds',
    );
    expect(() => metricName('validator', 'events', 'counter')).toThrow(
      'Counter "events" must end in "_total".',
    );
    expect(() => metricName('validator', 'lag_total', 'gauge')).toThrow(
      'Only counters end in "_total"',
    );
    expect(() => metricName('validator', 'EventsTotal', 'counter')).toThrow('must be snake_case');
    expect(() => metricName('validator', 'validator_events_total', 'counter')).toThrow(
      'must not repeat the service prefix',
    );
    expect(() => metricName('validator', 'latency_ms', 'histogram')).toThrow('must use base units');
  });
});

describe('MetricsService', () => {
  it('exposes prefixed service metrics next to unprefixed default metrics', async () => {
    const metrics = new MetricsService('kit-example');
    const consumed = metrics.counter({
      name: 'messages_consumed_total',
      help: 'Messages consumed.',
      labelNames: ['topic'],
    });
    consumed.inc({ topic: 'a' });
    consumed.inc({ topic: 'a' });
    metrics
      .histogram({ name: 'handle_duration_seconds', help: 'Handling time.', buckets: [0.1, 1] })
      .observe(0.5);
    metrics.gauge({ name: 'queue_depth', help: 'Queued items.' }).set(3);

    const text = await metrics.metrics();
    expect(text).toContain('kit_example_messages_consumed_total{topic="a"} 2');
    expect(text).toContain('kit_example_handle_duration_seconds_bucket{le="1"} 1');
    expect(text).toContain('kit_example_queue_depth 3');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(metrics.contentType).toContain('text/plain');
  });

  it('returns the existing metric for a repeated name and refuses a type clash', () => {
    const metrics = new MetricsService('svc', { defaultMetrics: false });
    const first = metrics.counter({ name: 'hits_total', help: 'Hits.' });
    expect(metrics.counter({ name: 'hits_total', help: 'Hits.' })).toBe(first);
    metrics.gauge({ name: 'depth', help: 'Depth.' });
    expect(() => metrics.histogram({ name: 'depth', help: 'Depth.' })).toThrow(
      'already exists with another type',
    );
  });

  it('keeps registries of two services apart', async () => {
    const a = new MetricsService('a', { defaultMetrics: false });
    const b = new MetricsService('b', { defaultMetrics: false });
    a.counter({ name: 'x_total', help: 'x' }).inc();
    expect(await b.metrics()).not.toContain('a_x_total');
  });
});
