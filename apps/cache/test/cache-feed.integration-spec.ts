import type { INestApplication } from '@nestjs/common';
import type { Envelope } from '@tickline/domain';
import type { Kafka, Producer } from 'kafkajs';
import request from 'supertest';

import { MarketStateStore } from '../src/market-state/market-state.store';
import {
  connectedProducer,
  createTopics,
  deleteTopics,
  eventually,
  feedOf,
  kafkaClient,
  produceEnvelopes,
  stackKafkaBrokers,
  startCache,
  uniqueRunId,
} from './cache-stack.util';
import { BINANCE_BTC, KRAKEN_XBT, type MockMarket } from './envelopes.mock';
import { call, grpcClients } from './grpc-client.util';
import { marketScript, naiveBook } from './market-script.mock';

jest.setTimeout(120_000);

const OKX_ETH: MockMarket = { venue: 'okx', symbol: 'ETH-USDT', market: 'ETH-USDT' };
const MARKETS = [BINANCE_BTC, KRAKEN_XBT, OKX_ETH];

describe('cache feed (real Kafka): tail, two replicas, warm restart', () => {
  const brokers = stackKafkaBrokers();
  const runId = uniqueRunId('cache-feed');
  const validTopic = `${runId}.valid`;
  const snapshotTopic = `${runId}.snapshots`;
  const env = {
    KAFKA_BROKERS: brokers,
    LOG_LEVEL: 'error',
    CACHE_VALID_TOPIC: validTopic,
    CACHE_SNAPSHOT_TOPIC: snapshotTopic,
    CACHE_SNAPSHOT_INTERVAL: '200ms',
    CACHE_GROUP_PREFIX: runId,
    GRPC_PORT: '0',
  };
  const produced = new Map<string, Envelope[]>();
  const apps: INestApplication[] = [];
  let kafka: Kafka;
  let producer: Producer;

  async function produce(envelopes: Envelope[]): Promise<void> {
    for (const envelope of envelopes) {
      const id = `${envelope.venue}:${envelope.symbol}`;
      produced.set(id, [...(produced.get(id) ?? []), envelope]);
    }
    await produceEnvelopes(producer, validTopic, envelopes);
  }

  async function start(instance: string): Promise<INestApplication> {
    const app = await startCache({ ...env, CACHE_INSTANCE_ID: instance });
    apps.push(app);
    await eventually(
      `${instance} to be live`,
      () => feedOf(app).feedStatus().phase,
      (phase) => phase === 'live',
    );
    return app;
  }

  async function expectMatchesProduced(app: INestApplication): Promise<void> {
    const store = app.get(MarketStateStore);
    const total = [...produced.values()].reduce((sum, list) => sum + list.length, 0);
    await eventually(
      'the cache to reflect every produced event',
      () => store.currentPositions(),
      () =>
        MARKETS.every((market) => {
          const id = `${market.venue}:${market.symbol}`;
          const list = produced.get(id) ?? [];
          const last = list[list.length - 1];
          return last !== undefined && store.get(id)?.lastExchangeTimeUs === last.exchangeTimeUs;
        }),
    );
    for (const market of MARKETS) {
      const id = `${market.venue}:${market.symbol}`;
      const expected = naiveBook(produced.get(id) ?? []);
      const book = store.book(id);
      expect({ id, bids: book?.bids, asks: book?.asks }).toEqual({
        id,
        bids: expected.bids,
        asks: expected.asks,
      });
      expect(store.trade(id)?.trade?.payload.price).toBe(expected.lastTradePrice);
    }
    expect(total).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    kafka = kafkaClient(brokers);
    await createTopics(kafka, [validTopic, snapshotTopic]);
    producer = await connectedProducer(kafka);
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await producer?.disconnect();
    await deleteTopics(kafka, [validTopic, snapshotTopic]);
  });

  it('two replicas each hold every market, equal to the books rebuilt from the events', async () => {
    // Like the validator, in a transaction: its commit markers end every partition.
    const transactional = kafka.producer({
      transactionalId: `${runId}-tx`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await transactional.connect();
    const envelopes = MARKETS.flatMap((market, i) => marketScript(market, 11 + i, 300));
    for (const envelope of envelopes) {
      const id = `${envelope.venue}:${envelope.symbol}`;
      produced.set(id, [...(produced.get(id) ?? []), envelope]);
    }
    const transaction = await transactional.transaction();
    await transaction.send({
      topic: validTopic,
      messages: envelopes.map((envelope) => ({
        key: `${envelope.venue}:${envelope.symbol}`,
        value: JSON.stringify(envelope),
      })),
    });
    await transaction.commit();
    await transactional.disconnect();
    const [a, b] = await Promise.all([start('a'), start('b')]);
    await expectMatchesProduced(a as INestApplication);
    await expectMatchesProduced(b as INestApplication);

    await produce(MARKETS.flatMap((market, i) => marketScript(market, 21 + i, 100, 300)));
    await expectMatchesProduced(a as INestApplication);
    await expectMatchesProduced(b as INestApplication);
    // Each replica answers for every market over REST and gRPC.
    for (const app of [a, b] as INestApplication[]) {
      const { cache, health } = grpcClients(app);
      try {
        for (const market of MARKETS) {
          const expected = naiveBook(produced.get(`${market.venue}:${market.symbol}`) ?? []);
          const rest = await request(app.getHttpServer())
            .get(`/v1/markets/${market.venue}/${encodeURIComponent(market.symbol)}/book?depth=10`)
            .expect(200);
          expect(rest.body.bids).toEqual(expected.bids.slice(0, 10));
          const grpc = await call(cache.GetBook, cache, { market, depth: 10 });
          expect((grpc.response as { book: { asks: unknown } }).book.asks).toEqual(
            expected.asks.slice(0, 10).map(([price, size]) => ({ price, size })),
          );
        }
      } finally {
        cache.close();
        health.close();
      }
    }
    expect(feedOf(a as INestApplication).feedStatus().groupId).not.toBe(
      feedOf(b as INestApplication).feedStatus().groupId,
    );
  });

  it('comes back from the snapshot topic plus the tail after a restart', async () => {
    // Let the running replicas publish snapshots of what they hold, then stop them.
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (const app of apps.splice(0)) await app.close();

    await produce(MARKETS.flatMap((market, i) => marketScript(market, 31 + i, 50, 400)));
    const restarted = await start('a');
    const status = feedOf(restarted).feedStatus();
    expect(status.snapshotsLoaded).toBeGreaterThanOrEqual(MARKETS.length);
    await expectMatchesProduced(restarted);

    // Restored from snapshots, then only the tail applied: far fewer events than produced.
    const store = restarted.get(MarketStateStore);
    for (const market of MARKETS) {
      expect(store.get(`${market.venue}:${market.symbol}`)?.eventCount).toBe(50);
    }
  });
});
