import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

import { DataExchangeClient } from '@aws-sdk/client-dataexchange';
import { MarketplaceCatalogClient } from '@aws-sdk/client-marketplace-catalog';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import { applyMigrations } from '@tickline/db';
import { Client } from 'pg';

import { startExchangeApp } from '../../src/app/exchange-app.factory';
import { bootstrapFileSchema } from '../../src/config/bootstrap-file.schema';
import type { ExchangeConfig } from '../../src/config/exchange-config.loader';
import { withSchema } from '../../src/persistence/database-url.util';

import { OUTSIDER, PROVIDER, SUBSCRIBER, TEST_REGION } from './test-accounts.fixture';

const APP_ROOT = resolve(__dirname, '../..');
export const SCHEMA_PATH = resolve(APP_ROOT, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = resolve(APP_ROOT, 'prisma/migrations');

export interface StackEnv {
  databaseUrl: string;
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  kafkaBrokers: string[] | undefined;
}

/** Reads the stack's env vars (`npm run -s stack -- env`), failing with a clear message. */
export function stackEnv(): StackEnv {
  const required = [
    'DATABASE_URL',
    'S3_ENDPOINT',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
  ] as const;
  const missing = required.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `exchange-local integration tests need ${missing.join(', ')}: start the stack (npm run stack -- up) and export ` +
        '"$(npm run -s stack -- env --export)".',
    );
  }
  const env = process.env as Record<(typeof required)[number], string>;
  return {
    databaseUrl: env.DATABASE_URL,
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: process.env['S3_REGION'] ?? 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    },
    kafkaBrokers: process.env['KAFKA_BROKERS']?.split(',').map((broker) => broker.trim()),
  };
}

export interface Harness {
  readonly runId: string;
  readonly config: ExchangeConfig;
  readonly productId: string;
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly s3: S3Client;
  /** The in-process app; undefined with `withoutApp`. */
  app: INestApplication | undefined;
  endpoint: string;
  /** Environment that makes a separate exchange-local process use this harness's state. */
  processEnv(overrides?: Record<string, string>): Record<string, string>;
  dataExchange(account?: Credentials): DataExchangeClient;
  catalog(account?: Credentials): MarketplaceCatalogClient;
  putSource(key: string, body: string | Buffer): Promise<void>;
  readDestination(key: string): Promise<string>;
  listDestination(prefix?: string): Promise<string[]>;
  /** Runs SQL in this harness's schema (for states the API cannot produce on demand). */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Stops the app (e.g. to simulate a restart) without dropping state. */
  stop(): Promise<void>;
  restart(overrides?: Partial<ExchangeConfig>): Promise<void>;
  cleanup(): Promise<void>;
}

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface HarnessOptions {
  readonly autoPublish?: boolean;
  readonly kafka?: boolean;
  readonly worker?: Partial<ExchangeConfig['worker']>;
  /** Prepare schema, buckets and config but run no app (tests that run exchange-local as a process). */
  readonly withoutApp?: boolean;
  readonly adminToken?: string;
}

/**
 * One isolated exchange-local per test file: its own PostgreSQL schema, its own buckets and
 * product, an in-process app on an ephemeral port. `cleanup` drops all of it.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const env = stackEnv();
  const runId = randomBytes(5).toString('hex');
  const schema = `exchange_test_${runId}`;
  const databaseUrl = withSchema(env.databaseUrl, schema);
  await applyMigrations({ databaseUrl, migrationsDir: MIGRATIONS_DIR, schemaPath: SCHEMA_PATH });

  const productId = `prod-test${runId}`;
  const buckets = {
    assets: `exl-${runId}-assets`,
    source: `exl-${runId}-source`,
    destination: `exl-${runId}-destination`,
  };
  const s3 = new S3Client({
    endpoint: env.s3.endpoint,
    region: env.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: env.s3.secretAccessKey },
  });
  for (const bucket of [buckets.source, buckets.destination]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }

  const config: ExchangeConfig = {
    host: '127.0.0.1',
    port: 0,
    publicUrl: undefined,
    region: TEST_REGION,
    tokenSecret: `test-${runId}-token-secret`,
    maxBodyBytes: 6 * 1024 * 1024,
    maxClockSkewMs: 15 * 60 * 1000,
    throttleRps: 0,
    adminToken: options.adminToken,
    databaseUrl,
    bucket: buckets.assets,
    s3: { ...env.s3, forcePathStyle: true },
    kafkaBrokers: options.kafka ? env.kafkaBrokers : undefined,
    eventsTopic: `exchange.events.test-${runId}`,
    worker: {
      concurrency: 2,
      pollIntervalMs: 50,
      leaseMs: 3000,
      maxAttempts: 3,
      ...options.worker,
    },
    accounts: [PROVIDER, SUBSCRIBER, OUTSIDER],
    bootstrap: bootstrapFileSchema.parse({
      accounts: [PROVIDER, SUBSCRIBER, OUTSIDER].map((account) => ({
        accountId: account.accountId,
        name: account.name,
        accessKeyId: account.accessKeyId,
        secretAccessKey: { env: 'UNUSED_IN_TESTS' },
      })),
      products: [
        {
          productId,
          ownerAccountId: PROVIDER.accountId,
          title: `Test product ${runId}`,
          autoPublish: options.autoPublish ?? true,
        },
      ],
      subscriptions: [{ productId, subscriberAccountId: SUBSCRIBER.accountId }],
    }),
    serviceEnv: {
      SERVICE_NAME: 'exchange-local',
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent',
    },
  };

  let currentConfig = config;
  const clients: { destroy(): void }[] = [];
  const track = <C extends { destroy(): void }>(client: C): C => {
    clients.push(client);
    return client;
  };
  const harness: Harness = {
    runId,
    config,
    productId,
    sourceBucket: buckets.source,
    destinationBucket: buckets.destination,
    s3,
    app: undefined,
    endpoint: '',
    dataExchange: (account = PROVIDER) =>
      track(
        new DataExchangeClient({
          endpoint: harness.endpoint,
          region: TEST_REGION,
          credentials: {
            accessKeyId: account.accessKeyId,
            secretAccessKey: account.secretAccessKey,
          },
          maxAttempts: 1,
        }),
      ),
    catalog: (account = PROVIDER) =>
      track(
        new MarketplaceCatalogClient({
          endpoint: harness.endpoint,
          region: TEST_REGION,
          credentials: {
            accessKeyId: account.accessKeyId,
            secretAccessKey: account.secretAccessKey,
          },
          maxAttempts: 1,
        }),
      ),
    putSource: async (key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: buckets.source, Key: key, Body: body }));
    },
    readDestination: async (key) => {
      const output = await s3.send(new GetObjectCommand({ Bucket: buckets.destination, Key: key }));
      return (
        output.Body as Readable & { transformToString(): Promise<string> }
      ).transformToString();
    },
    listDestination: async (prefix) => listKeys(s3, buckets.destination, prefix),
    sql: async <R = Record<string, unknown>>(text: string, values: unknown[] = []) => {
      const client = new Client({
        connectionString: env.databaseUrl,
        options: `-c search_path=${schema}`,
      });
      await client.connect();
      try {
        return (await client.query(text, values)).rows as R[];
      } finally {
        await client.end();
      }
    },
    processEnv: (overrides = {}) => ({
      EXCHANGE_HOST: '127.0.0.1',
      EXCHANGE_REGION: TEST_REGION,
      EXCHANGE_DATABASE_URL: databaseUrl,
      EXCHANGE_BUCKET: buckets.assets,
      EXCHANGE_TOKEN_SECRET: config.tokenSecret,
      S3_ENDPOINT: env.s3.endpoint,
      S3_REGION: env.s3.region,
      S3_ACCESS_KEY_ID: env.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: env.s3.secretAccessKey,
      EXCHANGE_WORKER_POLL_MS: String(config.worker.pollIntervalMs),
      EXCHANGE_JOB_LEASE_SECONDS: String(Math.ceil(config.worker.leaseMs / 1000)),
      EXCHANGE_JOB_MAX_ATTEMPTS: String(config.worker.maxAttempts),
      ...overrides,
    }),
    stop: async () => {
      await harness.app?.close();
    },
    restart: async (overrides = {}) => {
      currentConfig = { ...currentConfig, ...overrides };
      harness.app = await startExchangeApp(currentConfig);
      harness.endpoint = await harness.app.getUrl();
    },
    cleanup: async () => {
      await harness.app?.close().catch(() => undefined);
      for (const client of clients) client.destroy();
      for (const bucket of Object.values(buckets)) await emptyAndDeleteBucket(s3, bucket);
      s3.destroy();
      const client = new Client({ connectionString: env.databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
  if (!options.withoutApp) {
    try {
      harness.app = await startExchangeApp(config);
    } catch (error) {
      await harness.cleanup();
      throw error;
    }
    harness.endpoint = await harness.app.getUrl();
  }
  return harness;
}

async function listKeys(s3: S3Client, bucket: string, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    const keys = await listKeys(s3, bucket);
    for (let i = 0; i < keys.length; i += 1000) {
      await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
        }),
      );
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch {
    // The bucket may never have been created (e.g. the app failed to start).
  }
}

/** Polls until `check` returns a value, or fails after `timeoutMs` (a safety net, not a timing assertion). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms.`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 50));
  }
}
