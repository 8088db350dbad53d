import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import type { Envelope } from '@tickline/domain';
import { Kafka, logLevel, type Producer } from 'kafkajs';

import { defineBenchmark } from './lib/benchmark.types';
import { quantile } from './lib/measure.util';
import { cpuMsOf, requireEnv, type RunningService, startService } from './lib/service-process.util';

// Receive-to-cache latency through Kafka: raw events are produced at a fixed rate (open loop)
// with `receiveTimeUs` set to the moment they are handed to the producer, as an ingester does;
// the validator (its own process, exactly-once transactions as deployed) checks them and
// publishes them to the valid topic; the cache (its own process) applies them and pushes every
// trade and the coalesced book changes over its SSE stream, which this process reads. Latency is
// the SSE arrival time minus the event's receive time (one clock: this process stamps both).

const ROOT = path.resolve(__dirname, '..');
const MARKETS = 50;
const LEVELS = 20;
const RATE = Number(process.env['PIPELINE_BENCH_RATE'] ?? 10_000);
const WARMUP_MS = 3_000;
const MEASURE_MS = 10_000;
/** Producer sends every TICK_MS: the events due since the last send, as one batch. */
const TICK_MS = 2;
const MAX_SEND = 500;

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1_000);

interface MarketFeed {
  readonly symbol: string;
  updateId: number;
  tradeId: number;
}

function base(feed: MarketFeed, timeUs: number) {
  return {
    v: 1 as const,
    venue: 'binance' as const,
    symbol: feed.symbol,
    market: `${feed.symbol.slice(0, -4)}-USDT`,
    exchangeTimeUs: timeUs - 500,
    receiveTimeUs: timeUs,
    system: 'primary' as const,
    ingesterId: 'bench',
  };
}

function snapshot(feed: MarketFeed, timeUs: number): Envelope {
  const bids = Array.from({ length: LEVELS }, (_, l) => [(100 - l * 0.01).toFixed(2), '1']);
  const asks = Array.from({ length: LEVELS }, (_, l) => [(100.01 + l * 0.01).toFixed(2), '1']);
  return {
    ...base(feed, timeUs),
    type: 'book_snapshot',
    lastUpdateId: feed.updateId,
    payload: { bids: bids as [string, string][], asks: asks as [string, string][] },
  };
}

/** Half trades, half one-level-per-side deltas that never cross the book. */
function nextEvent(feed: MarketFeed, k: number, timeUs: number): Envelope {
  if (k % 2 === 0) {
    feed.tradeId += 1;
    return {
      ...base(feed, timeUs),
      type: 'trade',
      payload: { price: '100.01', size: '0.1', side: 'buy', tradeId: String(feed.tradeId) },
    };
  }
  feed.updateId += 1;
  const level = k % LEVELS;
  return {
    ...base(feed, timeUs),
    type: 'book_delta',
    firstUpdateId: feed.updateId,
    lastUpdateId: feed.updateId,
    payload: {
      bids: [[(100 - level * 0.01).toFixed(2), String(1 + (k % 7))]],
      asks: [[(100.01 + level * 0.01).toFixed(2), String(1 + (k % 5))]],
    },
  };
}

function message(event: Envelope) {
  return { key: `${event.venue}:${event.symbol}`, value: JSON.stringify(event) };
}

/** Reads the cache's SSE stream and calls `onEvent` with each event's receive time. */
function readStream(
  port: number,
  ids: readonly string[],
  onEvent: (receiveTimeUs: number, arrivedUs: number) => void,
): () => void {
  const request = http.get({
    host: '127.0.0.1',
    port,
    path: `/v1/stream?markets=${encodeURIComponent(ids.join(','))}&depth=1`,
  });
  request.on('response', (response) => {
    response.setEncoding('utf8');
    let pending = '';
    response.on('data', (chunk: string) => {
      const arrivedUs = nowUs();
      pending += chunk;
      let end = pending.indexOf('\n\n');
      while (end >= 0) {
        const block = pending.slice(0, end);
        pending = pending.slice(end + 2);
        end = pending.indexOf('\n\n');
        const data = block.indexOf('\ndata: ');
        if (data < 0) continue;
        const view = JSON.parse(block.slice(data + 7)) as {
          trade?: { receiveTimeUs: number } | null;
          bookReceiveTimeUs?: number | null;
        };
        const received = block.startsWith('event: trade')
          ? view.trade?.receiveTimeUs
          : view.bookReceiveTimeUs;
        if (typeof received === 'number') onEvent(received, arrivedUs);
      }
    });
  });
  request.on('error', () => undefined);
  return () => request.destroy();
}

/** Produces `RATE` events/s for warm-up plus measurement; returns [first, end) of measurement. */
async function drive(
  producer: Producer,
  topic: string,
  feeds: MarketFeed[],
): Promise<{ measureFromUs: number; measureToUs: number; produced: number }> {
  const start = performance.now();
  const measureFromUs = nowUs() + WARMUP_MS * 1_000;
  const end = start + WARMUP_MS + MEASURE_MS;
  let issued = 0;
  const inFlight = new Set<Promise<unknown>>();
  let failure: unknown;
  while (performance.now() < end && failure === undefined) {
    const due = Math.floor(((performance.now() - start) * RATE) / 1_000);
    const batch = [];
    const timeUs = nowUs();
    for (; issued < due; issued++) {
      const feed = feeds[issued % feeds.length] as MarketFeed;
      batch.push(message(nextEvent(feed, Math.floor(issued / feeds.length), timeUs)));
    }
    // After a stall (a busy machine) many events are due at once: keep each request well under
    // the broker's batch limit.
    for (let from = 0; from < batch.length; from += MAX_SEND) {
      const sent = producer
        .send({ topic, acks: -1, messages: batch.slice(from, from + MAX_SEND) })
        .catch((error: unknown) => {
          failure ??= error;
        });
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return { measureFromUs, measureToUs: nowUs(), produced: issued };
}

export default defineBenchmark({
  name: 'pipeline-latency',
  command: 'eval "$(npm run -s stack -- env --export)" && npm run bench -- pipeline-latency',
  description: `Receive-to-cache latency at ${RATE.toLocaleString('en-US')} events/s (half trades, half book deltas over ${MARKETS} markets): raw topic -> validator process -> valid topic -> cache process -> SSE`,
  figures: {
    'pipeline.receive_to_cache_p99_ms': {
      unit: 'ms',
      goal: { max: 15 },
      description: 'p99 of SSE arrival minus the event receive time',
    },
    'pipeline.receive_to_cache_p50_ms': { unit: 'ms' },
    'pipeline.receive_to_cache_max_ms': { unit: 'ms' },
    'pipeline.offered_events_per_s': { unit: 'events/s' },
    'pipeline.receive_to_valid_p50_ms': {
      unit: 'ms',
      description: 'receive time to the timestamp the validator gave the valid-topic record',
    },
    'pipeline.receive_to_valid_p99_ms': { unit: 'ms' },
    'pipeline.validator_cores': {
      unit: 'cores',
      description: 'CPU the validator process used while events were produced (1 = one core)',
    },
    'pipeline.cache_cores': {
      unit: 'cores',
      description: 'CPU the cache process used while events were produced (1 = one core)',
    },
    'pipeline.cache_applied_events_per_s': {
      unit: 'events/s',
      description: 'events the cache applied during the run over the run time',
    },
  },
  async run() {
    const brokers = requireEnv('KAFKA_BROKERS');
    execFileSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '-p', 'cache', 'validator', '--output-style=static'],
      { cwd: ROOT, stdio: 'ignore' },
    );
    const runId = `pipeline-bench-${randomBytes(4).toString('hex')}`;
    const topics = {
      raw: `${runId}.raw`,
      valid: `${runId}.valid`,
      dlq: `${runId}.dlq`,
      alerts: `${runId}.alerts`,
      snapshots: `${runId}.snapshots`,
    };
    const kafka = new Kafka({
      clientId: runId,
      brokers: brokers.split(','),
      logLevel: logLevel.ERROR,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        ...[topics.raw, topics.valid, topics.dlq, topics.alerts].map((topic) => ({
          topic,
          numPartitions: 6,
        })),
        {
          topic: topics.snapshots,
          numPartitions: 6,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const services: RunningService[] = [];
    let stopStream = () => undefined as void;
    try {
      const common = { KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' };
      services.push(
        await startService('validator', {
          ...common,
          VALIDATOR_RAW_TOPIC: topics.raw,
          VALIDATOR_VALID_TOPIC: topics.valid,
          VALIDATOR_DEAD_LETTER_TOPIC: topics.dlq,
          VALIDATOR_ALERTS_TOPIC: topics.alerts,
          VALIDATOR_GROUP_ID: `${runId}.validator`,
          VALIDATOR_TRANSACTIONAL_ID_PREFIX: `${runId}.validator`,
        }),
      );
      const cache = await startService('cache', {
        ...common,
        CACHE_VALID_TOPIC: topics.valid,
        CACHE_SNAPSHOT_TOPIC: topics.snapshots,
        CACHE_GROUP_PREFIX: runId,
        GRPC_HOST: '127.0.0.1',
        GRPC_PORT: '0',
      });
      services.push(cache);

      // Every market gets its snapshot first, so the stream can subscribe to all of them.
      const feeds: MarketFeed[] = Array.from({ length: MARKETS }, (_, i) => ({
        symbol: `PIPE${i}USDT`,
        updateId: 1_000,
        tradeId: 1_000,
      }));
      await producer.send({
        topic: topics.raw,
        acks: -1,
        messages: feeds.map((feed) => message(snapshot(feed, nowUs()))),
      });
      for (let i = 0; ; i++) {
        const listed = (await (
          await fetch(`http://127.0.0.1:${cache.httpPort}/v1/markets`)
        ).json()) as { markets: unknown[] };
        if (listed.markets.length >= MARKETS) break;
        if (i > 600) throw new Error('the cache did not receive every market');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      const latencies = new Float64Array(Math.ceil((RATE * (MEASURE_MS + 5_000)) / 1_000));
      let count = 0;
      let window = { from: Infinity, to: Infinity };
      stopStream = readStream(
        cache.httpPort,
        feeds.map((feed) => `binance:${feed.symbol}`),
        (receivedUs, arrivedUs) => {
          if (receivedUs >= window.from && receivedUs < window.to && count < latencies.length) {
            latencies[count++] = (arrivedUs - receivedUs) / 1_000;
          }
        },
      );
      const appliedBefore = await appliedEvents(cache.httpPort);
      const runStart = performance.now();
      const validatorPid = services[0]?.child.pid ?? 0;
      const cpuBefore = [cpuMsOf(validatorPid), cpuMsOf(cache.child.pid ?? 0)];
      window = { from: nowUs() + WARMUP_MS * 1_000, to: Infinity };
      const driven = await drive(producer, topics.raw, feeds);
      // Share of one core each service used while events were produced: which stage saturates.
      const driveMs = performance.now() - runStart;
      const [validatorCpu, cacheCpu] = [validatorPid, cache.child.pid ?? 0].map(
        (pid, k) => (cpuMsOf(pid) - (cpuBefore[k] as number)) / driveMs,
      );
      window = { from: driven.measureFromUs, to: driven.measureToUs };
      // Let the tail of the run arrive.
      const expected = appliedBefore + driven.produced;
      for (let i = 0; i < 300 && (await appliedEvents(cache.httpPort)) < expected; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const applied = (await appliedEvents(cache.httpPort)) - appliedBefore;
      const toValid = await validatorStage(kafka, topics.valid, window);
      const runMs = performance.now() - runStart;
      stopStream();
      const sorted = latencies.subarray(0, count).sort();
      process.stdout.write(
        `produced ${driven.produced} events (${((driven.produced * 1_000) / (WARMUP_MS + MEASURE_MS)).toFixed(0)}/s), cache applied ${applied}; ${count} measured pushes: p50 ${quantile(sorted, 0.5).toFixed(2)} ms, p99 ${quantile(sorted, 0.99).toFixed(2)} ms, p99.9 ${quantile(sorted, 0.999).toFixed(2)} ms, max ${(sorted[count - 1] ?? NaN).toFixed(1)} ms; cores used while producing: validator ${validatorCpu?.toFixed(2)}, cache ${cacheCpu?.toFixed(2)}; receive to valid-topic record p50 ${toValid.p50Ms.toFixed(2)} ms, p99 ${toValid.p99Ms.toFixed(2)} ms; load average ${os.loadavg()[0]?.toFixed(1)}\n`,
      );
      if (count === 0) throw new Error('no pushes arrived during the measurement');
      const round = (value: number) => Math.round(value * 100) / 100;
      return {
        'pipeline.receive_to_cache_p99_ms': round(quantile(sorted, 0.99)),
        'pipeline.receive_to_cache_p50_ms': round(quantile(sorted, 0.5)),
        'pipeline.receive_to_cache_max_ms': round(sorted[count - 1] as number),
        'pipeline.offered_events_per_s': Math.round(
          (driven.produced * 1_000) / (WARMUP_MS + MEASURE_MS),
        ),
        'pipeline.cache_applied_events_per_s': Math.round((applied * 1_000) / runMs),
        'pipeline.receive_to_valid_p50_ms': round(toValid.p50Ms),
        'pipeline.receive_to_valid_p99_ms': round(toValid.p99Ms),
        'pipeline.validator_cores': round(validatorCpu ?? 0),
        'pipeline.cache_cores': round(cacheCpu ?? 0),
      };
    } finally {
      stopStream();
      for (const service of services.reverse()) await service.stop();
      await producer.disconnect();
      await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
      await admin.disconnect();
    }
  },
});

async function appliedEvents(port: number): Promise<number> {
  const listed = (await (await fetch(`http://127.0.0.1:${port}/v1/markets`)).json()) as {
    markets: { eventCount: number }[];
  };
  return listed.markets.reduce((sum, market) => sum + market.eventCount, 0);
}

/**
 * The first hop alone: the valid-topic record's timestamp (set by the validator's producer when
 * it sends the record, before its transaction commits) minus the event's receive time, over the
 * measured window. The rest of the push latency is the commit, the cache's fetch and the push.
 */
async function validatorStage(
  kafka: Kafka,
  topic: string,
  window: { from: number; to: number },
): Promise<{ p50Ms: number; p99Ms: number }> {
  const consumer = kafka.consumer({ groupId: `${topic}.bench-reader`, maxWaitTimeInMs: 200 });
  const lags: number[] = [];
  let last = performance.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      last = performance.now();
      const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as Envelope;
      if (event.receiveTimeUs >= window.from && event.receiveTimeUs < window.to) {
        lags.push((Number(message.timestamp) * 1_000 - event.receiveTimeUs) / 1_000);
      }
    },
  });
  const started = performance.now();
  // Joining the group takes a moment; then read until nothing new came for 3 s.
  while (
    lags.length === 0 ? performance.now() - started < 30_000 : performance.now() - last < 3_000
  ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await consumer.disconnect();
  const sorted = Float64Array.from(lags).sort();
  return { p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
}
