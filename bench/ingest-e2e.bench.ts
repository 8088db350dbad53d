import { readFileSync } from 'node:fs';

import {
  metricValue,
  ReplayServer,
  startIngestorReplica,
  stopAll,
  type ServiceProcess,
} from '@tickline/testing';
import { Kafka, logLevel } from 'kafkajs';

import { syntheticMarkets } from '../apps/venue-replay/src/synthetic/synthetic-markets.util';
import { defineBenchmark } from './lib/benchmark.types';
import { requireEnv } from './lib/service-process.util';

// End-to-end ingestion on this machine: the venue replay server's endless synthetic Binance feed
// (protocol-true diffs chained from REST snapshots, trades) at full speed over WebSocket -> one
// ingestor (both built dist/main.js, child processes) -> Kafka (gzip, idempotent producer) and
// the raw lake on MinIO (minute windows, If-None-Match). The figure is the rate of envelopes
// Kafka acknowledged during the measured interval, after a warm-up; the ingestor's reads pause
// whenever Kafka or the lake falls behind, so this is what the whole path sustains. RSS of the
// ingestor is sampled at the start and end of the interval (flat memory). Then one ingestor
// subscribed to 1,000 markets (trades and books: 2,000 streams over two connections) of a
// real-time synthetic feed: its RSS once every book synced and a minute window closed.

/** Measured seconds (INGEST_BENCH_SECONDS; the goal is sustained for 300). */
const SECONDS = Number(process.env['INGEST_BENCH_SECONDS'] ?? 60);
const WARMUP_SECONDS = 15;
const MARKETS = Number(process.env['INGEST_BENCH_MARKETS'] ?? 100);
const RSS_MARKETS = 1_000;
const RSS_SETTLE_SECONDS = Number(process.env['INGEST_BENCH_RSS_SECONDS'] ?? 75);

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function cleanup(
  runId: string,
  processes: readonly (ServiceProcess | ReplayServer)[],
): Promise<void> {
  await stopAll(processes);
  const admin = new Kafka({
    brokers: requireEnv('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [`${runId}.raw`, `${runId}.alerts`] }).catch(() => undefined);
  await admin.disconnect();
}

/** Subscription document for the first `count` synthetic Binance markets. */
function subscriptions(replay: ReplayServer, count: number): unknown {
  return {
    venues: [
      {
        venue: 'binance',
        options: { ...replay.venueOptions('binance'), tradeStream: 'aggTrade' },
        symbols: syntheticMarkets('binance', count, 1).map((market) => market.symbol),
        types: ['trade', 'book_delta', 'book_snapshot'],
      },
    ],
  };
}

/** A replay server with `markets` synthetic Binance markets and one ingestor subscribed to all. */
async function startRun(
  runId: string,
  markets: number,
  speed: 'max' | number,
  rates: string,
  processes: (ServiceProcess | ReplayServer)[],
): Promise<ServiceProcess> {
  const replay = await ReplayServer.start({
    venues: ['binance'],
    start: 'on-subscribe',
    speed,
    synthetic: `binance:markets=${markets},${rates}`,
    mode: 'dist',
  });
  processes.push(replay);
  const ingestor = await startIngestorReplica({
    id: runId,
    subscriptions: subscriptions(replay, markets),
    rawTopic: `${runId}.raw`,
    alertTopic: `${runId}.alerts`,
    lakeBucket: runId,
    mode: 'dist',
  });
  processes.push(ingestor);
  return ingestor;
}

async function throughput(): Promise<Record<string, number>> {
  const runId = `bench-ingest-${Date.now().toString(36)}`;
  const processes: (ServiceProcess | ReplayServer)[] = [];
  try {
    const ingestor = await startRun(runId, MARKETS, 'max', 'bookRate=40,tradeRate=10', processes);
    const acked = async () =>
      metricValue(await ingestor.metricsText(), 'ingestor_kafka_messages_total');
    await sleep(WARMUP_SECONDS * 1000);
    const load0 = loadAverage();
    const rss0 = rssMb(ingestor.pid);
    const n0 = await acked();
    const t0 = performance.now();
    let peak = rss0;
    const deadline = t0 + SECONDS * 1000;
    while (performance.now() < deadline) {
      await sleep(5_000);
      peak = Math.max(peak, rssMb(ingestor.pid));
    }
    const n1 = await acked();
    const t1 = performance.now();
    const rss1 = rssMb(ingestor.pid);
    const text = await ingestor.metricsText();
    const rate = Math.round((n1 - n0) / ((t1 - t0) / 1000));
    process.stdout.write(
      `ingest e2e: ${rate} msgs/s over ${SECONDS} s (${MARKETS} markets); RSS ${rss0} -> ${rss1} MB (peak ${peak}); ` +
        `lake windows ${metricValue(text, 'ingestor_lake_windows_written_total')}, not batched ${metricValue(text, 'ingestor_lake_events_not_batched_total')}, ` +
        `drops ${metricValue(text, 'ingestor_drops_total', { reason: 'kafka_buffer_full' })}; load average ${load0} -> ${loadAverage()}\n`,
    );
    return {
      'ingest.e2e_msgs_per_s': rate,
      'ingest.e2e_rss_start_mb': rss0,
      'ingest.e2e_rss_end_mb': rss1,
      'ingest.e2e_seconds': SECONDS,
    };
  } finally {
    await cleanup(runId, processes);
  }
}

async function rss1000(): Promise<Record<string, number>> {
  const runId = `bench-ingest-rss-${Date.now().toString(36)}`;
  const processes: (ServiceProcess | ReplayServer)[] = [];
  try {
    const ingestor = await startRun(runId, RSS_MARKETS, 1, 'bookRate=1,tradeRate=0.2', processes);
    await sleep(RSS_SETTLE_SECONDS * 1000);
    const text = await ingestor.metricsText();
    const rss = rssMb(ingestor.pid);
    process.stdout.write(
      `ingest rss: ${rss} MB with ${RSS_MARKETS} markets after ${RSS_SETTLE_SECONDS} s; ` +
        `${metricValue(text, 'ingestor_snapshots_total', { source: 'venue' })} snapshots, ` +
        `${metricValue(text, 'ingestor_connections_open')} connections, ` +
        `${metricValue(text, 'ingestor_messages_total')} messages; load average ${loadAverage()}\n`,
    );
    return { 'ingest.rss_mb_1000_markets': rss };
  } finally {
    await cleanup(runId, processes);
  }
}

export default defineBenchmark({
  name: 'ingest-e2e',
  command:
    'npx nx run-many -t build -p ingestor venue-replay && eval "$(npm run -s stack -- env --export)" && npm run bench -- ingest-e2e',
  description: `Venue replay server (synthetic Binance, ${MARKETS} markets, full speed) -> one ingestor -> Kafka + raw lake on MinIO, Kafka-acknowledged envelopes/s over ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up (INGEST_BENCH_SECONDS=300 for the goal's 5 minutes), RSS at start and end; RSS of one ingestor subscribed to 1,000 markets`,
  figures: {
    'ingest.e2e_msgs_per_s': {
      unit: 'messages/s',
      goal: { min: 50_000 },
      description: 'envelopes acknowledged by Kafka per second, lake on',
    },
    'ingest.e2e_rss_start_mb': { unit: 'MB', description: 'ingestor RSS when measuring starts' },
    'ingest.e2e_rss_end_mb': { unit: 'MB', description: 'ingestor RSS when measuring ends' },
    'ingest.e2e_seconds': { unit: 's', description: 'measured duration' },
    'ingest.rss_mb_1000_markets': {
      unit: 'MB',
      description: 'ingestor RSS with 1,000 subscribed markets (2,000 streams), books synced',
    },
  },
  async run() {
    requireEnv('KAFKA_BROKERS');
    requireEnv('S3_ENDPOINT');
    return { ...(await throughput()), ...(await rss1000()) };
  },
});
