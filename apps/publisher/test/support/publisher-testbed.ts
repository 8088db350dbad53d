// A publisher under test against the real stack: its own PostgreSQL schema (migrated), its own
// lake and product buckets, a mapping file with data set names no other run uses, the stack's
// exchange-local and product, and the built service as a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  CreateJobCommand,
  DataExchangeClient,
  GetJobCommand,
  ListDataSetRevisionsCommand,
  ListDataSetsCommand,
  ListRevisionAssetsCommand,
  StartJobCommand,
  type AssetEntry,
  type DataSetEntry,
  type RevisionEntry,
} from '@aws-sdk/client-dataexchange';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  applyMigrations,
  createPrismaClient,
  DB_MIGRATIONS_DIR,
  DB_SCHEMA_PATH,
  type PrismaClient,
} from '@tickline/db';
import {
  createBucket,
  deleteBucket,
  requireEnv,
  stackS3Client,
  uniqueBucket,
} from '@tickline/testing';

const APP_MAIN = path.resolve(__dirname, '../../dist/main.js');

export function exchangeClient(role: 'PROVIDER' | 'SUBSCRIBER'): DataExchangeClient {
  return new DataExchangeClient({
    endpoint: requireEnv('EXCHANGE_ENDPOINT'),
    region: requireEnv('EXCHANGE_REGION'),
    credentials: {
      accessKeyId: requireEnv(`EXCHANGE_${role}_ACCESS_KEY_ID`),
      secretAccessKey: requireEnv(`EXCHANGE_${role}_SECRET_ACCESS_KEY`),
    },
  });
}

export interface Testbed {
  readonly id: string;
  readonly databaseUrl: string;
  readonly prisma: PrismaClient;
  readonly s3: S3Client;
  readonly lakeBucket: string;
  readonly productBucket: string;
  readonly dataSets: readonly string[];
  readonly provider: DataExchangeClient;
  readonly subscriber: DataExchangeClient;
  /** Environment of a publisher process for this testbed. */
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export interface TestSource {
  readonly venue: string;
  readonly type: string;
  readonly markets?: readonly string[];
}

/** `dataSets`: suffixes; each becomes `t<id>-<suffix>`, fed by `source` (coinbase trades). */
export async function createTestbed(
  suffixes: readonly string[],
  source: TestSource = { venue: 'coinbase', type: 'trade', markets: ['BTC-USD', 'ETH-USD'] },
): Promise<Testbed> {
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const databaseUrl = withSchema(requireEnv('DATABASE_URL'), `publisher_${id}`);
  await applyMigrations({
    databaseUrl,
    migrationsDir: DB_MIGRATIONS_DIR,
    schemaPath: DB_SCHEMA_PATH,
  });
  const prisma = createPrismaClient({ databaseUrl });
  const s3 = stackS3Client();
  const lakeBucket = uniqueBucket('pub-lake');
  const productBucket = uniqueBucket('pub-products');
  await createBucket(s3, lakeBucket);
  await createBucket(s3, productBucket);
  const dataSets = suffixes.map((suffix) => `t${id}-${suffix}`);
  const mappingFile = path.join(mkdtempSync(path.join(tmpdir(), 'publisher-')), 'mapping.json');
  writeFileSync(
    mappingFile,
    JSON.stringify({
      lakeBucket,
      incoming: { bucket: productBucket, prefix: 'incoming/' },
      dataSources: [{ ...source, dataSets }],
      dataSets: dataSets.map((name) => ({
        name,
        bucket: productBucket,
        products: [requireEnv('EXCHANGE_PRODUCT_ID')],
      })),
    }),
  );
  const passThrough = [
    'KAFKA_BROKERS',
    'S3_ENDPOINT',
    'S3_REGION',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
    'S3_FORCE_PATH_STYLE',
    'EXCHANGE_ENDPOINT',
    'EXCHANGE_REGION',
    'EXCHANGE_PRODUCT_ID',
    'EXCHANGE_PROVIDER_ACCESS_KEY_ID',
    'EXCHANGE_PROVIDER_SECRET_ACCESS_KEY',
  ];
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...Object.fromEntries(
      passThrough.flatMap((name) =>
        process.env[name] ? [[name, process.env[name] as string]] : [],
      ),
    ),
    DATABASE_URL: databaseUrl,
    PUBLISHER_MAPPING_FILE: mappingFile,
    PUBLISHER_SCHEDULE_ENABLED: 'false',
    PUBLISHER_UPLOADS_ENABLED: 'false',
    PUBLISHER_WORKER_POLL_INTERVAL: '300ms',
    PUBLISHER_POLL_INITIAL: '200ms',
    PUBLISHER_POLL_MAX: '1s',
    PUBLISHER_LEASE: '3s',
    LOG_LEVEL: 'warn',
    SHUTDOWN_DRAIN_TIMEOUT: '5s',
  };
  const provider = exchangeClient('PROVIDER');
  const subscriber = exchangeClient('SUBSCRIBER');
  return {
    id,
    databaseUrl,
    prisma,
    s3,
    lakeBucket,
    productBucket,
    dataSets,
    provider,
    subscriber,
    env: (extra = {}) => ({ ...base, ...extra }),
    close: async () => {
      await prisma
        .$executeRawUnsafe(`DROP SCHEMA IF EXISTS "publisher_${id}" CASCADE`)
        .catch(() => undefined);
      await prisma.$disconnect();
      for (const bucket of [lakeBucket, productBucket])
        await deleteBucket(s3, bucket).catch(() => undefined);
      for (const client of [s3, provider, subscriber]) client.destroy();
    },
  };
}

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/** The built publisher (`node apps/publisher/dist/main.js`) as a child process. */
export class PublisherProcess {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static async start(env: Record<string, string>, port: number): Promise<PublisherProcess> {
    const child = spawn(process.execPath, [APP_MAIN], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new PublisherProcess(child, `http://127.0.0.1:${port}`);
    let exited = false;
    void proc.exited.then(() => (exited = true));
    await eventually(
      'the publisher to become ready',
      async () => {
        if (exited) throw new Error(`The publisher exited during start:\n${proc.logs()}`);
        const response = await fetch(`${proc.url}/readyz`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      90_000,
    );
    return proc;
  }

  logs(): string {
    return this.output.slice(-6000);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  async request<T>(
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
}

/**
 * Like `@tickline/testing`'s `eventually`, but a probe that throws is retried (a data set the
 * exchange does not list yet, a process not yet listening); only a publisher that exited stops it.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
      if (error instanceof Error && error.message.startsWith('The publisher exited')) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The provider's owned data set of that name. */
export async function ownedDataSet(
  client: DataExchangeClient,
  name: string,
): Promise<DataSetEntry> {
  return findDataSet(client, name, 'OWNED');
}

export async function findDataSet(
  client: DataExchangeClient,
  name: string,
  origin: 'OWNED' | 'ENTITLED',
): Promise<DataSetEntry> {
  const found: DataSetEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListDataSetsCommand({ Origin: origin, NextToken }));
    found.push(...(page.DataSets ?? []).filter((d) => d.Name === name));
    NextToken = page.NextToken;
  } while (NextToken);
  if (found.length !== 1)
    throw new Error(`Expected one ${origin} data set ${name}, found ${found.length}`);
  return found[0] as DataSetEntry;
}

export async function revisionsOf(
  client: DataExchangeClient,
  dataSetId: string,
): Promise<RevisionEntry[]> {
  const revisions: RevisionEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListDataSetRevisionsCommand({ DataSetId: dataSetId, NextToken }),
    );
    revisions.push(...(page.Revisions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return revisions;
}

export async function assetsOf(
  client: DataExchangeClient,
  dataSetId: string,
  revisionId: string,
): Promise<AssetEntry[]> {
  const page = await client.send(
    new ListRevisionAssetsCommand({ DataSetId: dataSetId, RevisionId: revisionId }),
  );
  return page.Assets ?? [];
}

/** Exports a (subscriber's entitled) revision to `bucket` under `prefix`, as a subscriber would. */
export async function exportRevision(
  client: DataExchangeClient,
  dataSetId: string,
  revisionId: string,
  bucket: string,
  prefix: string,
): Promise<void> {
  const job = await client.send(
    new CreateJobCommand({
      Type: 'EXPORT_REVISIONS_TO_S3',
      Details: {
        ExportRevisionsToS3: {
          DataSetId: dataSetId,
          RevisionDestinations: [
            { Bucket: bucket, RevisionId: revisionId, KeyPattern: `${prefix}\${Asset.Name}` },
          ],
        },
      },
    }),
  );
  await client.send(new StartJobCommand({ JobId: job.Id }));
  const state = await eventually('the export job', async () => {
    const current = await client.send(new GetJobCommand({ JobId: job.Id }));
    return current.State === 'WAITING' || current.State === 'IN_PROGRESS'
      ? undefined
      : current.State;
  });
  if (state !== 'COMPLETED') throw new Error(`Export job ${job.Id} ended ${state}`);
}
