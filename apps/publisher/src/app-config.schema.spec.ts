import { parseConfig } from '@tickline/service-kit';

import { appConfigSchema } from './app-config.schema';

const required = {
  DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
  KAFKA_BROKERS: 'localhost:9092',
};

describe('publisher configuration', () => {
  it('has the documented defaults', () => {
    const config = appConfigSchema.parse(required);
    expect(config).toMatchObject({
      PORT: 3600,
      EXCHANGE_REGION: 'us-east-1',
      EXCHANGE_PRODUCT_ID: 'prod-ticklinedemo',
      PUBLISHER_SCHEDULE: { minute: 20, hour: 0 },
      PUBLISHER_SCHEDULE_ENABLED: true,
      PUBLISHER_UPLOADS_ENABLED: true,
      PUBLISHER_UPLOAD_SCAN_INTERVAL: 30_000,
      PUBLISHER_LEASE: 60_000,
      PUBLISHER_CONCURRENCY: 2,
    });
    expect(config.EXCHANGE_ENDPOINT).toBeUndefined();
  });

  it('reports every problem at once, credentials in pairs', () => {
    expect(() =>
      parseConfig(appConfigSchema, {
        ...required,
        PUBLISHER_SCHEDULE: 'every day',
        EXCHANGE_PROVIDER_ACCESS_KEY_ID: 'AKIA',
        PUBLISHER_CRASH_AFTER_STEP: 'SOMETIME',
      }),
    ).toThrow(/PUBLISHER_SCHEDULE.*expected "minute hour \* \* \*".*PUBLISHER_CRASH_AFTER_STEP/s);
    expect(() =>
      parseConfig(appConfigSchema, { ...required, EXCHANGE_PROVIDER_ACCESS_KEY_ID: 'AKIA' }),
    ).toThrow(/EXCHANGE_PROVIDER_SECRET_ACCESS_KEY/);
  });
});
