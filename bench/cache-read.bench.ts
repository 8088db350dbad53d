import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';

import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { BookLevel, Envelope } from '@tickline/domain';
import { Kafka, logLevel } from 'kafkajs';

import { defineBenchmark } from './lib/benchmark.types';
import { median } from './lib/measure.util';

// Read latency of the cache under a fixed request rate on loopback, REST and gRPC, and the time a
// restarted cache takes to be ready again from its snapshot topic plus the tail. The cache runs as
// its own process (the built dist/main.js) against the stack's Kafka, on topics unique to the run,
// holding MARKETS markets with books of 1,000 levels per side. The load generator is open-loop:
// requests are due at fixed times, and each latency is measured from when the request was due
// (not when it was sent), so a stalled server cannot hide its queueing delay. Requests alternate
// between the latest trade and the top 20 levels of a random market's book.

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'apps', 'cache');
const MARKETS = 50;
const LEVELS = 1_000;
const DELTAS_PER_MARKET = 200;
/** The goal's rate; CACHE_BENCH_RATE overrides it (e.g. to probe a slower machine). */
const RATE = Number(process.env['CACHE_BENCH_RATE'] ?? 10_000);
/** A rate far below capacity, to show the service's own latency without queueing. */
const LOW_RATE = 200;
const WARMUP_MS = 2_000;
const MEASURE_MS = 5_000;
const BASE_US = 1_764_000_000_000_000;

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run with the stack's env, eval "$(npm run -s stack -- env --export)".`,
    );
  }
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

function symbolOf(i: number): string {
  return `BENCH${i}USDT`;
}

function marketEvents(i: number): Envelope[] {
  const base = {
    v: 1 as const,
    venue: 'binance' as const,
    symbol: symbolOf(i),
    market: `BENCH${i}-USDT`,
    system: 'primary' as const,
    ingesterId: 'bench',
  };
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let l = 0; l < LEVELS; l++) {
    bids.push([(10_000 - l * 0.01).toFixed(2), '1.5']);
    asks.push([(10_000.01 + l * 0.01).toFixed(2), '2.5']);
  }
  const events: Envelope[] = [
    {
      ...base,
      type: 'book_snapshot',
      exchangeTimeUs: BASE_US,
      receiveTimeUs: BASE_US + 100,
      lastUpdateId: 1,
      payload: { bids, asks },
    },
  ];
  for (let k = 1; k <= DELTAS_PER_MARKET; k++) {
    const t = BASE_US + k * 1_000;
    events.push(
      k % 4 === 0
        ? {
            ...base,
            type: 'trade',
            exchangeTimeUs: t,
            receiveTimeUs: t + 100,
            payload: { price: '10000.01', size: '0.1', side: 'buy', tradeId: String(k) },
          }
        : {
            ...base,
            type: 'book_delta',
            exchangeTimeUs: t,
            receiveTimeUs: t + 100,
            firstUpdateId: k + 1,
            lastUpdateId: k + 1,
            payload: {
              bids: [[(10_000 - (k % 50) * 0.01).toFixed(2), String(1 + (k % 7))]],
              asks: [[(10_000.01 + (k % 50) * 0.01).toFixed(2), String(1 + (k % 5))]],
            },
          },
    );
  }
  return events;
}

interface RunningCache {
  child: ChildProcess;
  httpPort: number;
  grpcPort: number;
  stop(): Promise<void>;
}

async function startCache(env: Record<string, string>): Promise<RunningCache> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const child = spawn(process.execPath, [path.join(APP, 'dist', 'main.js')], {
    cwd: APP,
    env: { ...process.env, ...env, PORT: String(httpPort), GRPC_PORT: String(grpcPort) },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    if (i > 1_200 || child.exitCode !== null) throw new Error('the cache did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    child,
    httpPort,
    grpcPort,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Issues `send` at `rate` per second for warm-up plus measurement; returns the latencies (ms,
 * from each request's due time) of the measured part and the achieved completion rate.
 */
async function openLoop(
  rate: number,
  send: (i: number, done: (ok: boolean) => void) => void,
): Promise<{ latencies: number[]; achievedPerSecond: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  let completed = 0;
  let lastFinished = 0;
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + MEASURE_MS;
  let outstanding = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(Math.floor(((Math.min(now, end) - start) * rate) / 1_000), Infinity);
      while (issued < due) {
        const dueAt = start + (issued * 1_000) / rate;
        const i = issued++;
        outstanding++;
        send(i, (ok) => {
          outstanding--;
          const finished = performance.now();
          if (dueAt >= measureFrom) {
            if (ok) latencies.push(finished - dueAt);
            else errors++;
            completed++;
            lastFinished = Math.max(lastFinished, finished);
          }
          if (finished >= end && outstanding === 0 && issued >= due) resolve();
        });
      }
      if (now < end) setTimeout(tick, 1);
      else if (outstanding === 0) resolve();
    };
    tick();
  });
  // Requests due in the window over the time it took to answer them: below `rate` when the
  // service (or the machine) cannot keep up.
  const span = Math.max(MEASURE_MS, lastFinished - measureFrom);
  return { latencies, achievedPerSecond: (completed * 1_000) / span, errors };
}

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const round = (value: number) => Math.round(value * 1_000) / 1_000;

export default defineBenchmark({
  name: 'cache-read',
  command: 'eval "$(npm run -s stack -- env --export)" && npm run bench -- cache-read',
  description: `Cache reads on loopback at ${RATE.toLocaleString('en-US')} requests/s (latest trade and depth-20 book of ${MARKETS} markets with ${LEVELS} levels per side), REST and gRPC, open-loop; restart-to-ready time from the snapshot topic plus tail`,
  figures: {
    'cache.rest_p99_ms': {
      unit: 'ms',
      goal: { max: 1 },
      description: 'REST p99 latency at the fixed rate',
    },
    'cache.rest_p50_ms': { unit: 'ms' },
    'cache.rest_achieved_rps': { unit: 'requests/s' },
    'cache.grpc_p99_ms': {
      unit: 'ms',
      goal: { max: 1 },
      description: 'gRPC p99 latency at the fixed rate',
    },
    'cache.grpc_p50_ms': { unit: 'ms' },
    'cache.grpc_achieved_rps': { unit: 'requests/s' },
    'cache.rest_p99_light_ms': {
      unit: 'ms',
      description: 'REST p99 at 200 requests/s (light load: the service without queueing)',
    },
    'cache.grpc_p99_light_ms': {
      unit: 'ms',
      description: 'gRPC p99 at 200 requests/s (light load: the service without queueing)',
    },
    'cache.restart_ready_ms': {
      unit: 'ms',
      description: `SIGTERM to the replacement process answering /readyz 200 (${MARKETS} markets from snapshots plus tail)`,
    },
  },
  async run() {
    const brokers = requireEnv('KAFKA_BROKERS');
    execFileSync('npx', ['nx', 'run', 'cache:build', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const runId = `cache-bench-${randomBytes(4).toString('hex')}`;
    const topics = { valid: `${runId}.valid`, snapshots: `${runId}.snapshots` };
    const kafka = new Kafka({
      clientId: 'cache-bench',
      brokers: brokers.split(','),
      logLevel: logLevel.ERROR,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: topics.valid, numPartitions: 6 },
        {
          topic: topics.snapshots,
          numPartitions: 6,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < MARKETS; i++) {
      await producer.send({
        topic: topics.valid,
        messages: marketEvents(i).map((event) => ({
          key: `${event.venue}:${event.symbol}`,
          value: JSON.stringify(event),
        })),
      });
    }
    const env = {
      KAFKA_BROKERS: brokers,
      LOG_LEVEL: 'warn',
      CACHE_VALID_TOPIC: topics.valid,
      CACHE_SNAPSHOT_TOPIC: topics.snapshots,
      CACHE_GROUP_PREFIX: runId,
      CACHE_SNAPSHOT_INTERVAL: '1s',
      GRPC_HOST: '127.0.0.1',
    };
    let cache = await startCache(env);
    try {
      // Let the first snapshot round (every market's full book) pass before measuring reads.
      for (let i = 0; ; i++) {
        const offsets = await admin.fetchTopicOffsets(topics.snapshots);
        if (offsets.reduce((sum, o) => sum + Number(o.high), 0) >= MARKETS) break;
        if (i > 600) throw new Error('the cache published no snapshots');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      const restSend = (i: number, done: (ok: boolean) => void) => {
        const market = symbolOf(i % MARKETS);
        const pathName =
          i % 2 === 0
            ? `/v1/markets/binance/${market}/trade`
            : `/v1/markets/binance/${market}/book?depth=20`;
        const req = http.get(
          { host: '127.0.0.1', port: cache.httpPort, path: pathName, agent },
          (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode === 200));
          },
        );
        req.on('error', () => done(false));
      };
      const restLow = await openLoop(LOW_RATE, restSend);
      const rest = await openLoop(RATE, restSend);
      agent.destroy();

      const definition = loadSync('tickline/cache/v1/cache.proto', {
        longs: Number,
        enums: String,
        defaults: true,
        oneofs: true,
        includeDirs: [path.join(APP, 'proto')],
      });
      const protos = loadPackageDefinition(definition) as unknown as {
        tickline: {
          cache: {
            v1: {
              CacheService: new (address: string, creds: unknown, options: object) => GrpcClient;
            };
          };
        };
      };
      type Unary = (request: unknown, callback: (error: ServiceError | null) => void) => void;
      interface GrpcClient {
        GetLatestTrade: Unary;
        GetBook: Unary;
        close(): void;
      }
      // Four channels (separate HTTP/2 connections) so one connection's frames are not the limit.
      const clients = Array.from(
        { length: 4 },
        (_, k) =>
          new protos.tickline.cache.v1.CacheService(
            `127.0.0.1:${cache.grpcPort}`,
            credentials.createInsecure(),
            {
              'grpc.use_local_subchannel_pool': 1,
              'grpc.channel_id': k,
            },
          ),
      );
      const grpcSend = (i: number, done: (ok: boolean) => void) => {
        const client = clients[i % clients.length] as GrpcClient;
        const market = { venue: 'binance', symbol: symbolOf(i % MARKETS) };
        if (i % 2 === 0) client.GetLatestTrade({ market }, (error) => done(error === null));
        else client.GetBook({ market, depth: 20 }, (error) => done(error === null));
      };
      const grpcLow = await openLoop(LOW_RATE, grpcSend);
      const grpc = await openLoop(RATE, grpcSend);
      for (const client of clients) client.close();

      // Restart: the first process publishes its final snapshots while draining.
      const stoppedAt = performance.now();
      await cache.stop();
      cache = await startCache(env);
      const restartReadyMs = performance.now() - stoppedAt;

      const errors = [restLow, rest, grpcLow, grpc].reduce((sum, run) => sum + run.errors, 0);
      if (errors > 0) throw new Error(`${errors} requests failed`);
      process.stdout.write(
        `REST p50 ${p(rest.latencies, 0.5).toFixed(3)} ms p99 ${p(rest.latencies, 0.99).toFixed(3)} ms, gRPC p50 ${p(grpc.latencies, 0.5).toFixed(3)} ms p99 ${p(grpc.latencies, 0.99).toFixed(3)} ms (median ${median(grpc.latencies).toFixed(3)})\n`,
      );
      return {
        'cache.rest_p99_ms': round(p(rest.latencies, 0.99)),
        'cache.rest_p50_ms': round(p(rest.latencies, 0.5)),
        'cache.rest_achieved_rps': Math.round(rest.achievedPerSecond),
        'cache.grpc_p99_ms': round(p(grpc.latencies, 0.99)),
        'cache.grpc_p50_ms': round(p(grpc.latencies, 0.5)),
        'cache.grpc_achieved_rps': Math.round(grpc.achievedPerSecond),
        'cache.rest_p99_light_ms': round(p(restLow.latencies, 0.99)),
        'cache.grpc_p99_light_ms': round(p(grpcLow.latencies, 0.99)),
        'cache.restart_ready_ms': Math.round(restartReadyMs),
      };
    } finally {
      await cache.stop();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topics.valid, topics.snapshots] }).catch(() => undefined);
      await admin.disconnect();
    }
  },
});
