import { parseConfig } from '@tickline/service-kit';

import { appConfigSchema } from './app-config.schema';

const base = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/t' };

describe('exporter configuration', () => {
  it('has the documented defaults', () => {
    const config = parseConfig(appConfigSchema, base);
    expect(config).toMatchObject({
      SERVICE_NAME: 'exporter',
      PORT: 3700,
      EXCHANGE_REGION: 'us-east-1',
      EXPORTER_EVENTS_TOPIC: 'exchange.events.v1',
      EXPORTER_ALERTS_TOPIC: 'md.alerts.v1',
      EXPORTER_GROUP_ID: 'exporter',
      EXPORTER_RECONCILE_INTERVAL: 30_000,
      EXPORTER_MAX_ATTEMPTS: 5,
      EXPORTER_CONCURRENCY: 2,
      EXPORTER_RETRY_INITIAL: 2_000,
      EXPORTER_RETRY_MAX: 300_000,
      EXPORTER_RUN_LEASE: 60_000,
    });
    expect(config.EXCHANGE_ENDPOINT).toBeUndefined();
  });

  it('wants both subscriber credentials or neither, and one subscription source', () => {
    expect(() =>
      parseConfig(appConfigSchema, { ...base, EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID: 'AKIA' }),
    ).toThrow(/EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY is required/);
    expect(() =>
      parseConfig(appConfigSchema, {
        ...base,
        EXPORTER_SUBSCRIPTIONS: '{}',
        EXPORTER_SUBSCRIPTIONS_FILE: 'a.json',
      }),
    ).toThrow(/at most one of EXPORTER_SUBSCRIPTIONS_FILE and EXPORTER_SUBSCRIPTIONS/);
    expect(() => parseConfig(appConfigSchema, { ...base, EXPORTER_CONCURRENCY: '9' })).toThrow(
      /EXPORTER_CONCURRENCY/,
    );
  });
});
