import type { DataType, Envelope, Venue } from '@tickline/domain';

import { resolveSubscriptions } from '../config/load-subscriptions.util';
import { BurstLimiter } from '../market/burst-limiter.model';
import type { AlertInput } from '../market/ingest-sinks.interface';
import type { IngestMetrics } from './ingest-metrics.interface';
import { VenueIngest } from './venue-ingest';

class CountingMetrics implements IngestMetrics {
  readonly counts = new Map<string, number>();
  private add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  frame(_venue: Venue): void {
    this.add('frames');
  }
  message(_venue: Venue, type: DataType): void {
    this.add(`message:${type}`);
  }
  ignored(_venue: Venue, reason: string): void {
    this.add(`ignored:${reason}`);
  }
  frameError(_venue: Venue, reason: string): void {
    this.add(`error:${reason}`);
  }
  reconnect(): void {
    this.add('reconnect');
  }
  connectionState(_venue: Venue, open: number): void {
    this.counts.set('open', open);
  }
  gap(): void {
    this.add('gap');
  }
  resync(): void {
    this.add('resync');
  }
  drop(_venue: Venue, reason: string): void {
    this.add(`drop:${reason}`);
  }
  snapshot(_venue: Venue, source: string): void {
    this.add(`snapshot:${source}`);
  }
}

function krakenIngest() {
  const [setup] = resolveSubscriptions({
    venues: [{ venue: 'kraken', symbols: ['XBT/USD'], types: ['trade'] }],
  });
  if (!setup) throw new Error('no setup');
  const published: Envelope[] = [];
  const alerts: AlertInput[] = [];
  const metrics = new CountingMetrics();
  const ingest = new VenueIngest(setup, {
    context: { system: 'primary', ingesterId: 'ingestor-test' },
    sink: { publish: (envelope) => void published.push(envelope) },
    alerts: { alert: (input) => void alerts.push(input) },
    metrics,
    backoff: { initialMs: 100, maxMs: 1000 },
    snapshotIntervalMs: 0,
    alertBurstWindowMs: 60_000,
  });
  const connection = ingest.connections[0];
  if (!connection) throw new Error('no connection');
  return { ingest, connection, published, alerts, metrics };
}

describe('venue ingest frame handling', () => {
  it('counts every bad frame, alerts once per burst per reason and still handles the next good frame', () => {
    const { ingest, connection, published, alerts, metrics } = krakenIngest();
    const garbage = [
      '\u0000\u0001garbage',
      '{"not":"kraken"',
      '[1,2',
      'NaN',
      '{"event":"mystery"}',
    ];
    for (let round = 0; round < 20; round += 1) {
      for (const frame of garbage) ingest.onFrame(frame, 1_700_000_000_000_000, connection);
    }
    const errors = [...metrics.counts].filter(([key]) => key.startsWith('error:'));
    expect(errors.reduce((sum, [, n]) => sum + n, 0)).toBe(100);
    // One alert per distinct reason within the burst window, never one per frame.
    const reasons = new Set(errors.map(([key]) => key));
    expect(alerts).toHaveLength(reasons.size);
    expect(alerts.every((alert) => alert.kind === 'schema_error' && alert.venue === 'kraken')).toBe(
      true,
    );

    ingest.onFrame('{"event":"heartbeat"}', 1_700_000_000_000_000, connection);
    expect(metrics.counts.get('ignored:heartbeat')).toBe(1);
    expect(published).toEqual([]);
  });

  it('drops envelopes of symbols nobody subscribed to, counted', () => {
    const { ingest, connection, published, metrics } = krakenIngest();
    // A subscription ack maps the channel id; the trade then names a pair we did not ask for.
    ingest.onFrame(
      '{"channelID":7,"channelName":"trade","event":"subscriptionStatus","pair":"ETH/USD","status":"subscribed","subscription":{"name":"trade"}}',
      1_700_000_000_000_000,
      connection,
    );
    ingest.onFrame(
      '[7,[["3000.10000","0.01000000","1700000000.123456","b","l",""]],"trade","ETH/USD"]',
      1_700_000_000_200_000,
      connection,
    );
    expect(published).toEqual([]);
    expect(metrics.counts.get('drop:unsubscribed_symbol')).toBe(1);
  });
});

describe('burst limiter', () => {
  it('admits the first event of a window and reports what it folded in with the next', () => {
    const limiter = new BurstLimiter(10_000);
    expect(limiter.admit('k', 0)).toBe(0);
    expect(limiter.admit('k', 1)).toBeUndefined();
    expect(limiter.admit('k', 9_999)).toBeUndefined();
    expect(limiter.admit('other', 2)).toBe(0);
    expect(limiter.admit('k', 10_000)).toBe(2);
  });
});
