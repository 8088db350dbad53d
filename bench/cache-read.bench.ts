import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import type { BookLevel, Envelope } from '@tickline/domain';
import { Kafka, logLevel } from 'kafkajs';

import { defineBenchmark } from './lib/benchmark.types';
import type { OpenLoopResult, OpenLoopSpec } from './lib/open-loop.child';
import {
  cpuMsOf,
  freePort,
  requireEnv,
  type RunningService,
  startService,
} from './lib/service-process.util';

// Read latency of the cache under a fixed request rate on loopback, REST and gRPC, and the time a
// restarted cache takes to be ready again from its snapshot topic plus the tail. The cache runs as
// its own process (the built dist/main.js) against the stack's Kafka, on topics unique to the run,
// holding MARKETS markets with books of 1,000 levels per side. The load generator runs in a
// process of its own (bench/lib/open-loop.child.ts) and is open-loop: requests are due at fixed
// times, and each latency is measured from when the request was due (not when it was sent), so
// a stalled server cannot hide its queueing delay. Requests alternate between the latest trade
// and the top 20 levels of the markets' books in turn.

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'apps', 'cache');
const MARKETS = 50;
const LEVELS = 1_000;
const DELTAS_PER_MARKET = 200;
/** The goal's rate; CACHE_BENCH_RATE overrides it (e.g. to probe a slower machine). */
const RATE = Number(process.env['CACHE_BENCH_RATE'] ?? 10_000);
/** A rate far below capacity, to show the service's own latency without queueing. */
const LOW_RATE = 200;
/** gRPC at a rate the generator can offer when 10,000/s is beyond it (grpc-js is CPU-heavy). */
const MID_RATE = 2_000;
const WARMUP_MS = 2_000;
const MEASURE_MS = 5_000;
const BASE_US = 1_764_000_000_000_000;

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

interface RunningCache extends RunningService {
  readonly grpcPort: number;
}

async function startCache(env: Record<string, string>): Promise<RunningCache> {
  const grpcPort = await freePort();
  const service = await startService('cache', { ...env, GRPC_PORT: String(grpcPort) });
  return { ...service, grpcPort };
}

interface Phase extends OpenLoopResult {
  /** The cache's CPU time per request issued (warm-up included), µs. */
  readonly serverCpuUsPerRequest: number;
}

/** Runs the open-loop generator (bench/lib/open-loop.child.ts) in its own process. */
function openLoop(spec: OpenLoopSpec, serverPid: number): Phase {
  const cpuBefore = cpuMsOf(serverPid);
  const output = execFileSync(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      '--tsconfig',
      path.join(ROOT, 'bench', 'tsconfig.json'),
      path.join(ROOT, 'bench', 'lib', 'open-loop.child.ts'),
      JSON.stringify(spec),
    ],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const result = JSON.parse(output.trim().split('\n').pop() ?? '') as OpenLoopResult;
  const serverCpuUsPerRequest = ((cpuMsOf(serverPid) - cpuBefore) * 1_000) / result.issued;
  process.stdout.write(
    `${spec.protocol} at ${spec.rate}/s: achieved ${result.achievedPerSecond.toFixed(0)}/s, p50 ${result.p50Ms.toFixed(3)} ms, p99 ${result.p99Ms.toFixed(3)} ms, p99.9 ${result.p999Ms.toFixed(3)} ms, max ${result.maxMs.toFixed(1)} ms, errors ${result.errors}, generator issue lag p99 ${result.issueLagP99Ms.toFixed(3)} ms; CPU per request: cache ${serverCpuUsPerRequest.toFixed(1)} µs, generator ${((result.generatorCpuMs * 1_000) / result.issued).toFixed(1)} µs; load average ${os.loadavg()[0]?.toFixed(1)}\n`,
  );
  return { ...result, serverCpuUsPerRequest };
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
    'cache.rest_errors': {
      unit: 'requests',
      description: 'REST requests that failed (non-200 or a broken connection), both phases',
    },
    'cache.grpc_errors': {
      unit: 'requests',
      description: 'gRPC calls that failed, both phases',
    },
    'cache.rest_cpu_us_per_request': {
      unit: 'µs',
      description: 'CPU time of the cache process per REST request at the fixed rate',
    },
    'cache.grpc_cpu_us_per_request': {
      unit: 'µs',
      description: 'CPU time of the cache process per gRPC request at 2,000 requests/s',
    },
    'cache.grpc_p99_2k_ms': {
      unit: 'ms',
      description: 'gRPC p99 at 2,000 requests/s',
    },
    'cache.grpc_achieved_2k_rps': { unit: 'requests/s' },
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
      const markets = Array.from({ length: MARKETS }, (_, i) => `binance:${symbolOf(i)}`);
      const phase = (protocol: 'rest' | 'grpc', rate: number): Phase =>
        openLoop(
          {
            protocol,
            host: '127.0.0.1',
            port: protocol === 'rest' ? cache.httpPort : cache.grpcPort,
            rate,
            warmupMs: WARMUP_MS,
            measureMs: MEASURE_MS,
            markets,
            depth: 20,
            protoDir: path.join(APP, 'proto'),
            connections: protocol === 'rest' ? 32 : 4,
          },
          cache.child.pid ?? 0,
        );
      const restLow = phase('rest', LOW_RATE);
      const rest = phase('rest', RATE);
      const grpcLow = phase('grpc', LOW_RATE);
      const grpc = phase('grpc', RATE);
      // A rate one grpc-js client process can offer on this machine, for the per-call cost.
      const grpcMid = phase('grpc', MID_RATE);

      // Restart: the first process publishes its final snapshots while draining.
      const stoppedAt = performance.now();
      await cache.stop();
      cache = await startCache(env);
      const restartReadyMs = performance.now() - stoppedAt;

      return {
        'cache.rest_p99_ms': round(rest.p99Ms),
        'cache.rest_p50_ms': round(rest.p50Ms),
        'cache.rest_achieved_rps': Math.round(rest.achievedPerSecond),
        'cache.grpc_p99_ms': round(grpc.p99Ms),
        'cache.grpc_p50_ms': round(grpc.p50Ms),
        'cache.grpc_achieved_rps': Math.round(grpc.achievedPerSecond),
        'cache.rest_p99_light_ms': round(restLow.p99Ms),
        'cache.grpc_p99_light_ms': round(grpcLow.p99Ms),
        'cache.rest_errors': rest.errors + restLow.errors,
        'cache.grpc_errors': grpc.errors + grpcLow.errors + grpcMid.errors,
        'cache.rest_cpu_us_per_request': round(rest.serverCpuUsPerRequest),
        'cache.grpc_cpu_us_per_request': round(grpcMid.serverCpuUsPerRequest),
        'cache.grpc_p99_2k_ms': round(grpcMid.p99Ms),
        'cache.grpc_achieved_2k_rps': Math.round(grpcMid.achievedPerSecond),
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
