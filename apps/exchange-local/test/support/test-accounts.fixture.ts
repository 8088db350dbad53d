import { bootstrapFileSchema } from '../../src/config/bootstrap-file.schema';
import type { ExchangeConfig } from '../../src/config/exchange-config.loader';

/** Two accounts with throw-away secrets, used only by tests. */
export const PROVIDER = {
  accountId: '111111111111',
  name: 'provider',
  accessKeyId: 'AKIATESTPROVIDER0001',
  secretAccessKey: 'provider-test-secret-0001',
} as const;

export const SUBSCRIBER = {
  accountId: '222222222222',
  name: 'subscriber',
  accessKeyId: 'AKIATESTSUBSCRIBER01',
  secretAccessKey: 'subscriber-test-secret-01',
} as const;

export const TEST_REGION = 'us-east-1';

export function testConfig(overrides: Partial<ExchangeConfig> = {}): ExchangeConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    publicUrl: undefined,
    region: TEST_REGION,
    tokenSecret: 'pagination-secret-for-tests',
    maxBodyBytes: 64 * 1024,
    maxClockSkewMs: 15 * 60 * 1000,
    throttleRps: 0,
    adminToken: undefined,
    databaseUrl: 'postgresql://unused@127.0.0.1:1/unused?schema=exchange',
    bucket: 'exchange-local-test',
    s3: {
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      accessKeyId: 'unused',
      secretAccessKey: 'unused',
      forcePathStyle: true,
    },
    kafkaBrokers: undefined,
    eventsTopic: 'exchange.events.v1',
    worker: { concurrency: 1, pollIntervalMs: 50, leaseMs: 5000, maxAttempts: 3 },
    accounts: [PROVIDER, SUBSCRIBER],
    bootstrap: bootstrapFileSchema.parse({}),
    serviceEnv: { SERVICE_NAME: 'exchange-local', LOG_LEVEL: 'silent' },
    ...overrides,
  };
}

/** An account with no subscriptions, for isolation tests. */
export const OUTSIDER = {
  accountId: '333333333333',
  name: 'outsider',
  accessKeyId: 'AKIATESTOUTSIDER0001',
  secretAccessKey: 'outsider-test-secret-001',
} as const;
