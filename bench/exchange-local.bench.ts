import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import {
  CreateDataSetCommand,
  CreateJobCommand,
  CreateRevisionCommand,
  DataExchangeClient,
  GetJobCommand,
  StartJobCommand,
  UpdateRevisionCommand,
} from '@aws-sdk/client-dataexchange';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Client } from 'pg';

import { defineBenchmark } from './lib/benchmark.types';

// Import and export throughput of exchange-local, run as its own process (the built
// dist/main.js) against the stack's PostgreSQL and MinIO: IMPORT_ASSETS_FROM_S3 of one object
// into a revision, then EXPORT_REVISIONS_TO_S3 of it, timed from StartJob to COMPLETED as a client
// sees it. Peak RSS is the server process's VmHWM, each phase in a fresh process, for a 128 MiB
// and a 1 GiB object: both stream through bounded multipart buffers, so the peak must not grow
// with the object.

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'apps', 'exchange-local');
const MIB = 1024 * 1024;
const SIZES = { small: 128 * MIB, large: 1024 * MIB } as const;
const ACCOUNT = {
  accountId: '111111111111',
  accessKeyId: 'AKIABENCHPROVIDER001',
  secretAccessKey: randomBytes(16).toString('hex'),
};

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run with the stack's env, eval "$(npm run -s stack -- env --export)".`,
    );
  return value;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Peak resident set size of a process so far (Linux VmHWM), in MiB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** Deterministic-enough bytes without holding the object in memory: one random MiB, repeated. */
function generated(bytes: number): Readable {
  const block = randomBytes(MIB);
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const size = Math.min(left, MIB);
      left -= size;
      this.push(size === MIB ? block : block.subarray(0, size));
    },
  });
}

interface Server {
  child: ChildProcess;
  client: DataExchangeClient;
  stop(): Promise<void>;
}

export default defineBenchmark({
  name: 'exchange-local',
  description:
    'exchange-local import (IMPORT_ASSETS_FROM_S3) and export (EXPORT_REVISIONS_TO_S3) of one object through MinIO, and the server peak RSS',
  command: 'eval "$(npm run -s stack -- env --export)" && npm run bench -- exchange-local',
  figures: {
    'exchange.import_mb_per_s': {
      unit: 'MB/s',
      description: '1 GiB object, StartJob to COMPLETED',
      goal: { min: 50 },
    },
    'exchange.import_peak_rss_mb': {
      unit: 'MiB',
      description: 'server VmHWM while importing 1 GiB',
      goal: { max: 400 },
    },
    'exchange.import_peak_rss_mb_128mib': {
      unit: 'MiB',
      description: 'server VmHWM while importing 128 MiB',
    },
    'exchange.idle_peak_rss_mb': {
      unit: 'MiB',
      description: 'server VmHWM once started, before any request',
    },
    'exchange.export_mb_per_s': {
      unit: 'MB/s',
      description: '1 GiB asset, StartJob to COMPLETED',
      goal: { min: 50 },
    },
    'exchange.export_peak_rss_mb': {
      unit: 'MiB',
      description: 'server VmHWM while exporting 1 GiB',
      goal: { max: 400 },
    },
  },
  async run() {
    const databaseUrl = requireEnv('DATABASE_URL');
    const s3Settings = {
      endpoint: requireEnv('S3_ENDPOINT'),
      region: process.env['S3_REGION'] ?? 'us-east-1',
      credentials: {
        accessKeyId: requireEnv('S3_ACCESS_KEY_ID'),
        secretAccessKey: requireEnv('S3_SECRET_ACCESS_KEY'),
      },
      forcePathStyle: true,
    };
    execFileSync('npx', ['nx', 'run', 'exchange-local:build', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'ignore',
    });

    const runId = randomBytes(4).toString('hex');
    const schema = `exchange_bench_${runId}`;
    const url = new URL(databaseUrl);
    url.searchParams.set('schema', schema);
    const exchangeUrl = url.toString();
    const buckets = {
      assets: `exl-bench-${runId}-assets`,
      source: `exl-bench-${runId}-source`,
      destination: `exl-bench-${runId}-destination`,
    };
    const bootstrapFile = path.join(os.tmpdir(), `exchange-bench-${runId}.json`);
    const s3 = new S3Client(s3Settings);

    const startServer = async (): Promise<Server> => {
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(APP, 'dist', 'main.js')], {
        cwd: ROOT,
        env: {
          ...process.env,
          EXCHANGE_PORT: String(port),
          EXCHANGE_DATABASE_URL: exchangeUrl,
          EXCHANGE_BUCKET: buckets.assets,
          EXCHANGE_BOOTSTRAP_FILE: bootstrapFile,
          EXCHANGE_BENCH_SECRET: ACCOUNT.secretAccessKey,
          EXCHANGE_WORKER_POLL_MS: '50',
          KAFKA_BROKERS: '',
        },
        stdio: 'ignore',
      });
      const endpoint = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        const ready = await fetch(`${endpoint}/readyz`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ready) break;
        if (i > 600 || child.exitCode !== null) throw new Error('exchange-local did not start');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const client = new DataExchangeClient({
        endpoint,
        region: 'us-east-1',
        credentials: ACCOUNT,
        maxAttempts: 1,
      });
      return {
        child,
        client,
        stop: async () => {
          client.destroy();
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        },
      };
    };

    const runJob = async (
      client: DataExchangeClient,
      input: ConstructorParameters<typeof CreateJobCommand>[0],
    ): Promise<number> => {
      const job = await client.send(new CreateJobCommand(input));
      const started = performance.now();
      await client.send(new StartJobCommand({ JobId: job.Id }));
      for (;;) {
        const state = (await client.send(new GetJobCommand({ JobId: job.Id }))).State;
        if (state === 'COMPLETED') return (performance.now() - started) / 1000;
        if (state !== 'WAITING' && state !== 'IN_PROGRESS')
          throw new Error(`Job ${job.Id} ended ${state}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    try {
      writeFileSync(
        bootstrapFile,
        JSON.stringify({
          accounts: [
            { ...ACCOUNT, name: 'bench', secretAccessKey: { env: 'EXCHANGE_BENCH_SECRET' } },
          ],
        }),
      );
      // The project's offline migration tool (libs/db/scripts), on exchange-local's own schema.
      execFileSync(
        'npm',
        ['run', '-s', 'db:migrate', '--', '--schema', path.join(APP, 'prisma', 'schema.prisma')],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: exchangeUrl },
          stdio: 'ignore',
        },
      );
      for (const bucket of [buckets.source, buckets.destination])
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      for (const [name, bytes] of Object.entries(SIZES)) {
        await new Upload({
          client: s3,
          params: { Bucket: buckets.source, Key: `${name}.bin`, Body: generated(bytes) },
          partSize: 16 * MIB,
        }).done();
      }

      const results: Record<string, number> = {};
      for (const [name, bytes] of Object.entries(SIZES)) {
        const importer = await startServer();
        if (name === 'large')
          results['exchange.idle_peak_rss_mb'] = Math.round(
            peakRssMb(importer.child.pid as number),
          );
        const dataSet = await importer.client.send(
          new CreateDataSetCommand({ AssetType: 'S3_SNAPSHOT', Name: name, Description: 'bench' }),
        );
        const revision = await importer.client.send(
          new CreateRevisionCommand({ DataSetId: dataSet.Id }),
        );
        const importSeconds = await runJob(importer.client, {
          Type: 'IMPORT_ASSETS_FROM_S3',
          Details: {
            ImportAssetsFromS3: {
              DataSetId: dataSet.Id,
              RevisionId: revision.Id,
              AssetSources: [{ Bucket: buckets.source, Key: `${name}.bin` }],
            },
          },
        });
        const importPeak = peakRssMb(importer.child.pid as number);
        await importer.client.send(
          new UpdateRevisionCommand({
            DataSetId: dataSet.Id,
            RevisionId: revision.Id,
            Finalized: true,
          }),
        );
        await importer.stop();

        const exporter = await startServer();
        const exportSeconds = await runJob(exporter.client, {
          Type: 'EXPORT_REVISIONS_TO_S3',
          Details: {
            ExportRevisionsToS3: {
              DataSetId: dataSet.Id,
              RevisionDestinations: [
                {
                  Bucket: buckets.destination,
                  RevisionId: revision.Id,
                  KeyPattern: `${name}/\${Asset.Name}`,
                },
              ],
            },
          },
        });
        const exportPeak = peakRssMb(exporter.child.pid as number);
        await exporter.stop();
        process.stderr.write(
          `${name} (${bytes / MIB} MiB): import ${importSeconds.toFixed(2)} s, peak ${importPeak.toFixed(0)} MiB; export ${exportSeconds.toFixed(2)} s, peak ${exportPeak.toFixed(0)} MiB\n`,
        );
        if (name === 'large') {
          results['exchange.import_mb_per_s'] = Math.round(bytes / 1e6 / importSeconds);
          results['exchange.import_peak_rss_mb'] = Math.round(importPeak);
          results['exchange.export_mb_per_s'] = Math.round(bytes / 1e6 / exportSeconds);
          results['exchange.export_peak_rss_mb'] = Math.round(exportPeak);
        } else {
          results['exchange.import_peak_rss_mb_128mib'] = Math.round(importPeak);
        }
      }
      return results;
    } finally {
      rmSync(bootstrapFile, { force: true });
      for (const bucket of Object.values(buckets)) {
        try {
          for (;;) {
            const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
            const keys = (listed.Contents ?? []).map((object) => ({ Key: object.Key as string }));
            if (keys.length === 0) break;
            await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
          }
          await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
        } catch {
          // Not created.
        }
      }
      s3.destroy();
      const pg = new Client({ connectionString: databaseUrl });
      await pg.connect();
      await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pg.end();
    }
  },
});
