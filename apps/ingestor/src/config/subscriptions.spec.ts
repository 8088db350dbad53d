import { SchemaValidationError } from '@tickline/domain';

import { appConfigSchema } from '../app-config.schema';
import { readSubscriptionsDocument, resolveSubscriptions } from './load-subscriptions.util';

const BASE_ENV = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('ingestor configuration', () => {
  it('takes exactly one subscription source', () => {
    expect(appConfigSchema.safeParse(BASE_ENV).success).toBe(false);
    expect(
      appConfigSchema.safeParse({
        ...BASE_ENV,
        INGESTOR_SUBSCRIPTIONS: '{}',
        INGESTOR_SUBSCRIPTIONS_FILE: 'x.json',
      }).success,
    ).toBe(false);
    const parsed = appConfigSchema.parse({ ...BASE_ENV, INGESTOR_SUBSCRIPTIONS: '{"venues":[]}' });
    expect(parsed).toMatchObject({
      INGESTOR_SYSTEM: 'primary',
      INGESTOR_ID: 'ingestor-0',
      INGESTOR_RAW_TOPIC: 'md.events.raw.v1',
      INGESTOR_ALERT_TOPIC: 'md.alerts.v1',
      INGESTOR_KAFKA_COMPRESSION: 'gzip',
      INGESTOR_SNAPSHOT_INTERVAL: 60_000,
    });
  });

  it('rejects a bad system, ingester id and back-off bounds', () => {
    const result = appConfigSchema.safeParse({
      ...BASE_ENV,
      INGESTOR_SUBSCRIPTIONS: '{}',
      INGESTOR_SYSTEM: 'secondary',
      INGESTOR_ID: '-bad',
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['INGESTOR_SYSTEM', 'INGESTOR_ID']));
    expect(
      appConfigSchema.safeParse({
        ...BASE_ENV,
        INGESTOR_SUBSCRIPTIONS: '{}',
        INGESTOR_RECONNECT_INITIAL: '10s',
        INGESTOR_RECONNECT_MAX: '1s',
      }).success,
    ).toBe(false);
  });

  it('builds adapters with the configured base URLs and plans connections within the caps', () => {
    const symbols = Array.from({ length: 1500 }, (_, i) => `C${i}USDT`);
    const [binance, kraken] = resolveSubscriptions({
      venues: [
        {
          venue: 'binance',
          options: {
            wsUrl: 'ws://127.0.0.1:9100/binance',
            restUrl: 'http://127.0.0.1:9100/binance',
          },
          symbols,
          types: ['trade', 'book_delta'],
        },
        { venue: 'kraken', symbols: ['XBT/USD'], types: ['book_delta'] },
      ],
    });
    expect(binance?.adapter.wsUrl).toBe('ws://127.0.0.1:9100/binance');
    expect(binance?.subscriptions).toHaveLength(3000);
    const cap = binance?.adapter.limits.maxStreamsPerConnection ?? 0;
    expect(binance?.connections.length).toBe(Math.ceil(3000 / cap));
    for (const plan of binance?.connections ?? []) {
      expect(plan.streams.length).toBeLessThanOrEqual(cap);
      expect(plan.url.startsWith('ws://127.0.0.1:9100/binance')).toBe(true);
    }
    // A market's streams share one connection.
    const owner = new Map<string, number>();
    for (const plan of binance?.connections ?? []) {
      for (const stream of plan.streams) {
        expect(owner.get(stream.symbol) ?? plan.index).toBe(plan.index);
        owner.set(stream.symbol, plan.index);
      }
    }
    expect(kraken?.connections).toHaveLength(1);
  });

  it('names the field of a bad document and of bad venue options', () => {
    expect(() => resolveSubscriptions({ venues: [{ venue: 'nasdaq', symbols: ['X'] }] })).toThrow(
      SchemaValidationError,
    );
    expect(() =>
      resolveSubscriptions({
        venues: [
          { venue: 'okx', symbols: ['BTC-USDT'] },
          { venue: 'okx', symbols: ['ETH-USDT'] },
        ],
      }),
    ).toThrow(/listed twice/);
    expect(() =>
      resolveSubscriptions({
        venues: [{ venue: 'binance', options: { wsUrl: 'nope' }, symbols: ['BTCUSDT'] }],
      }),
    ).toThrow(/wsUrl/);
    expect(() => readSubscriptionsDocument({ inline: '{not json' })).toThrow(/not valid JSON/);
  });
});
