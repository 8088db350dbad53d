import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { status } from '@grpc/grpc-js';
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
import { BINANCE_BTC, KRAKEN_XBT, tradeOf } from './envelopes.mock';
import { call, type CacheClient, grpcClients, type HealthClient } from './grpc-client.util';
import { marketScript, naiveBook } from './market-script.mock';

jest.setTimeout(120_000);

interface SseEvent {
  event: string;
  data: unknown;
}

/** Opens an SSE stream and collects its events until `stop` is called. */
function openStream(
  port: number,
  path: string,
): Promise<{ status: number; events: SseEvent[]; body: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path }, (res) => {
      const events: SseEvent[] = [];
      let buffer = '';
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) {
            events.push({ event, data: JSON.parse(data) });
          }
        }
      });
      const result = {
        status: res.statusCode ?? 0,
        events,
        get body() {
          return body;
        },
        stop: () => req.destroy(),
      };
      if (res.statusCode === 200) resolve(result);
      else res.on('end', () => resolve(result));
    });
    req.on('error', reject);
  });
}

describe('cache APIs (real Kafka): REST, OpenAPI, SSE and gRPC', () => {
  const brokers = stackKafkaBrokers();
  const runId = uniqueRunId('cache-api');
  const validTopic = `${runId}.valid`;
  const snapshotTopic = `${runId}.snapshots`;
  const produced: Envelope[] = [];
  let kafka: Kafka;
  let producer: Producer;
  let app: INestApplication;
  let port: number;
  let cache: CacheClient;
  let health: HealthClient;

  beforeAll(async () => {
    kafka = kafkaClient(brokers);
    await createTopics(kafka, [validTopic, snapshotTopic]);
    producer = await connectedProducer(kafka);
    produced.push(...marketScript(BINANCE_BTC, 5, 200), ...marketScript(KRAKEN_XBT, 6, 200));
    await produceEnvelopes(producer, validTopic, produced);
    app = await startCache({
      KAFKA_BROKERS: brokers,
      LOG_LEVEL: 'error',
      CACHE_VALID_TOPIC: validTopic,
      CACHE_SNAPSHOT_TOPIC: snapshotTopic,
      CACHE_GROUP_PREFIX: runId,
      CACHE_MAX_DEPTH: '50',
      GRPC_PORT: '0',
    });
    port = (app.getHttpServer().address() as AddressInfo).port;
    ({ cache, health } = grpcClients(app));
    await eventually(
      'the cache to be live',
      () => feedOf(app).feedStatus().phase,
      (p) => p === 'live',
    );
    const store = app.get(MarketStateStore);
    await eventually(
      'both markets',
      () => store.listMarkets().map((market) => market.eventCount),
      (counts) => counts.length === 2 && counts.every((count) => count === 199),
    );
  });

  afterAll(async () => {
    cache?.close();
    health?.close();
    await app?.close();
    await producer?.disconnect();
    await deleteTopics(kafka, [validTopic, snapshotTopic]);
  });

  it('lists the markets with update times and staleness', async () => {
    const response = await request(app.getHttpServer()).get('/v1/markets').expect(200);
    expect(response.body.markets.map((m: { id: string }) => m.id)).toEqual([
      'binance:BTCUSDT',
      'kraken:XBT/USD',
    ]);
    const last = produced.filter((e) => e.venue === 'binance').at(-1) as Envelope;
    expect(response.body.markets[0]).toMatchObject({
      venue: 'binance',
      symbol: 'BTCUSDT',
      market: 'BTC-USDT',
      hasBook: true,
      lastExchangeTimeUs: last.exchangeTimeUs,
      lastReceiveTimeUs: last.receiveTimeUs,
      // The mock events are from 2025, so they are old by now.
      stale: true,
    });
    expect(response.body.markets[0].ageMs).toBeGreaterThan(30_000);
  });

  it('serves the latest trade and the book at a depth (symbols with a slash URL-encoded)', async () => {
    const kraken = produced.filter((e) => e.venue === 'kraken');
    const expected = naiveBook(kraken);
    const trade = await request(app.getHttpServer())
      .get('/v1/markets/kraken/XBT%2FUSD/trade')
      .expect(200);
    expect(trade.body.trade.payload.price).toBe(expected.lastTradePrice);
    expect(trade.body.trade).toEqual(kraken.filter((e) => e.type === 'trade').at(-1));

    const book = await request(app.getHttpServer())
      .get('/v1/markets/kraken/XBT%2FUSD/book?depth=5')
      .expect(200);
    expect(book.body.bids).toEqual(expected.bids.slice(0, 5));
    expect(book.body.asks).toEqual(expected.asks.slice(0, 5));
    expect(book.body.bidLevels).toBe(expected.bids.length);

    const full = await request(app.getHttpServer())
      .get('/v1/markets/kraken/XBT%2FUSD/book')
      .expect(200);
    expect(full.body.bids).toEqual(expected.bids);
  });

  it('answers 404 for an unknown market and 400 for bad input, with messages', async () => {
    const server = app.getHttpServer();
    const unknown = await request(server).get('/v1/markets/binance/ETHUSDT/book').expect(404);
    expect(unknown.body.message).toContain('Unknown market binance:ETHUSDT');
    await request(server).get('/v1/markets/binance/ETHUSDT/trade').expect(404);

    for (const depth of ['0', 'abc', '-3', '51']) {
      const bad = await request(server)
        .get(`/v1/markets/binance/BTCUSDT/book?depth=${depth}`)
        .expect(400);
      expect(bad.body.message).toMatch(/depth/);
    }
    const venue = await request(server).get('/v1/markets/nasdaq/AAPL/trade').expect(400);
    expect(venue.body.message).toMatch(/venue/);
  });

  it('serves its OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toContain('/v1/markets/{venue}/{symbol}/book');
  });

  it('streams the current state, then trades and book updates, over SSE', async () => {
    const stream = await openStream(port, '/v1/stream?markets=binance:BTCUSDT&depth=3');
    try {
      expect(stream.status).toBe(200);
      await eventually(
        'the initial events',
        () => stream.events.length,
        (n) => n >= 2,
      );
      const expected = naiveBook(produced.filter((e) => e.venue === 'binance'));
      expect(stream.events[0]).toEqual({
        event: 'book',
        data: expect.objectContaining({ bids: expected.bids.slice(0, 3) }),
      });
      expect(stream.events[1]?.event).toBe('trade');

      await produceEnvelopes(producer, validTopic, [tradeOf(BINANCE_BTC, '1234.5', '2', 10_000)]);
      const trade = await eventually(
        'the new trade',
        () =>
          stream.events.find(
            (e) => e.event === 'trade' && JSON.stringify(e.data).includes('1234.5'),
          ),
        (found) => found !== undefined,
      );
      expect(trade?.data).toMatchObject({
        id: 'binance:BTCUSDT',
        trade: { payload: { price: '1234.5' } },
      });
    } finally {
      stream.stop();
    }
  });

  it('rejects streams of unknown markets or malformed lists', async () => {
    const unknown = await openStream(port, '/v1/stream?markets=binance:ETHUSDT');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('Unknown market(s) binance:ETHUSDT');
    const bad = await openStream(port, '/v1/stream?markets=nonsense');
    expect(bad.status).toBe(400);
  });

  it('answers GetLatestTrade, GetBook and ListMarkets over gRPC', async () => {
    const kraken = produced.filter((e) => e.venue === 'kraken');
    const expected = naiveBook(kraken);
    const lastTrade = kraken.filter((e) => e.type === 'trade').at(-1) as Envelope;

    const trade = await call(cache.GetLatestTrade, cache, {
      market: { venue: 'kraken', symbol: 'XBT/USD' },
    });
    expect(trade.error).toBeNull();
    expect(trade.response).toMatchObject({
      latest: {
        market: { id: 'kraken:XBT/USD', venue: 'kraken', symbol: 'XBT/USD', market: 'BTC-USD' },
        trade: {
          price: expected.lastTradePrice,
          exchangeTimeUs: lastTrade.exchangeTimeUs,
          receiveTimeUs: lastTrade.receiveTimeUs,
        },
        staleness: { stale: true },
      },
    });

    const book = await call(cache.GetBook, cache, {
      market: { venue: 'kraken', symbol: 'XBT/USD' },
      depth: 5,
    });
    expect(book.error).toBeNull();
    const body = (book.response as { book: { bids: unknown; asks: unknown; bidLevels: number } })
      .book;
    expect(body.bids).toEqual(expected.bids.slice(0, 5).map(([price, size]) => ({ price, size })));
    expect(body.asks).toEqual(expected.asks.slice(0, 5).map(([price, size]) => ({ price, size })));
    expect(body.bidLevels).toBe(expected.bids.length);

    const list = await call(cache.ListMarkets, cache, {});
    expect(
      (list.response as { markets: { market: { id: string } }[] }).markets.map((m) => m.market.id),
    ).toEqual(['binance:BTCUSDT', 'kraken:XBT/USD']);
  });

  it('answers NOT_FOUND and INVALID_ARGUMENT over gRPC with messages', async () => {
    const unknown = await call(cache.GetBook, cache, {
      market: { venue: 'binance', symbol: 'ETHUSDT' },
    });
    expect(unknown.error?.code).toBe(status.NOT_FOUND);
    expect(unknown.error?.details).toContain('Unknown market binance:ETHUSDT');

    const cases = [
      { request: { market: { venue: 'binance', symbol: 'BTCUSDT' }, depth: 51 }, field: /depth/ },
      { request: {}, field: /market/ },
      { request: { market: { venue: 'nasdaq', symbol: 'AAPL' } }, field: /venue/ },
    ];
    for (const { request: bad, field } of cases) {
      const result = await call(cache.GetBook, cache, bad);
      expect(result.error?.code).toBe(status.INVALID_ARGUMENT);
      expect(result.error?.details).toMatch(field);
    }
  });

  it('serves the standard gRPC health service', async () => {
    const serving = await call(health.Check, health, { service: '' });
    expect(serving.response).toEqual({ status: 'SERVING' });
    const named = await call(health.Check, health, { service: 'tickline.cache.v1.CacheService' });
    expect(named.response).toEqual({ status: 'SERVING' });
    const other = await call(health.Check, health, { service: 'nope.v1.Nope' });
    expect(other.error?.code).toBe(status.NOT_FOUND);
  });

  it('streams the current state, then trades and book updates, over gRPC', async () => {
    const stream = cache.Stream({ markets: [{ venue: 'binance', symbol: 'BTCUSDT' }], depth: 3 });
    const messages: { update: string; trade?: { trade: { price: string } }; book?: unknown }[] = [];
    stream.on('data', (message: (typeof messages)[number]) => messages.push(message));
    stream.on('error', () => undefined);
    try {
      await eventually(
        'the initial messages',
        () => messages.length,
        (n) => n >= 2,
      );
      expect(messages[0]?.update).toBe('book');
      expect(messages[1]?.update).toBe('trade');

      await produceEnvelopes(producer, validTopic, [
        tradeOf(BINANCE_BTC, '4321.5', '1', 20_000),
        {
          ...tradeOf(BINANCE_BTC, '1', '1', 20_001),
          type: 'book_delta',
          payload: { bids: [['999.5', '7']], asks: [] },
        } as Envelope,
      ]);
      await eventually(
        'the new trade and book',
        () => messages,
        (all) =>
          all.some((m) => m.trade?.trade.price === '4321.5') &&
          all.some((m) => JSON.stringify(m.book ?? '').includes('999.5')),
      );
    } finally {
      stream.cancel();
    }
  });

  it('fails a stream of an unknown market with NOT_FOUND', async () => {
    const stream = cache.Stream({ markets: [{ venue: 'binance', symbol: 'ETHUSDT' }] });
    const error = await new Promise<{ code: number; details: string }>((resolve) => {
      stream.on('error', resolve);
      stream.on('data', () => undefined);
    });
    expect(error.code).toBe(status.NOT_FOUND);
    expect(error.details).toContain('binance:ETHUSDT');
  }, 15_000);
});
