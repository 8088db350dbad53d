import type { IncomingMessage, ServerResponse } from 'node:http';

import type { HttpAdapterHost } from '@nestjs/core';
import type { ConfigService, MetricsService } from '@tickline/service-kit';

import {
  BINANCE_BTC,
  deltaOf,
  KRAKEN_XBT,
  MOCK_BASE_US,
  snapshotOf,
  tradeOf,
} from '../../test/envelopes.mock';
import type { AppConfig } from '../app-config.schema';
import { MarketViewCache } from '../market-state/market-view.cache';
import { MarketStateStore } from '../market-state/market-state.store';
import { FastReadRoute } from './fast-read.route';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

function setup() {
  const clock = { value: MOCK_BASE_US };
  const store = new MarketStateStore({ staleAfterMs: 30_000, now: () => clock.value });
  const config = { get: () => 50 } as unknown as ConfigService<AppConfig>;
  const metrics = {
    counter: () => ({ labels: () => ({ inc: () => undefined }) }),
  } as unknown as MetricsService;
  const route = new FastReadRoute(
    {} as HttpAdapterHost,
    store,
    new MarketViewCache(),
    config,
    metrics,
  );
  const get = (url: string, method = 'GET'): Answer | undefined => {
    const answer: Answer = { status: 0, headers: {}, body: '' };
    const res = {
      writeHead: (status: number, headers: Record<string, unknown>) => {
        answer.status = status;
        answer.headers = headers;
      },
      end: (body: string) => {
        answer.body = body;
      },
    } as unknown as ServerResponse;
    return route.tryServe({ method, url } as IncomingMessage, res) ? answer : undefined;
  };
  return { clock, store, get };
}

describe('FastReadRoute', () => {
  it('answers trade and book reads with exactly the JSON of the store views', () => {
    const { clock, store, get } = setup();
    store.apply(snapshotOf(KRAKEN_XBT, [['100.5', '1']], [['100.6', '2']], 1));
    store.apply(tradeOf(KRAKEN_XBT, '100.6', '0.1', 2));
    clock.value += 45_000_000;

    const trade = get('/v1/markets/kraken/XBT%2FUSD/trade');
    expect(trade?.status).toBe(200);
    expect(trade?.body).toBe(JSON.stringify(store.trade('kraken:XBT/USD')));
    expect(JSON.parse(trade?.body ?? '')).toMatchObject({ stale: true });
    expect(trade?.headers['content-length']).toBe(Buffer.byteLength(trade?.body ?? ''));

    const book = get('/v1/markets/kraken/XBT%2FUSD/book?depth=1');
    expect(book?.body).toBe(JSON.stringify(store.book('kraken:XBT/USD', 1)));
    expect(get('/v1/markets/kraken/XBT%2FUSD/book')?.body).toBe(
      JSON.stringify(store.book('kraken:XBT/USD')),
    );
  });

  it('serves a new view after an update and fresh staleness on every read', () => {
    const { clock, store, get } = setup();
    store.apply(snapshotOf(BINANCE_BTC, [['100.5', '1']], [['100.6', '2']], 1));
    clock.value += 10_000_000;
    const before = get('/v1/markets/binance/BTCUSDT/book?depth=5')?.body;
    clock.value += 2_000_000;
    expect(JSON.parse(get('/v1/markets/binance/BTCUSDT/book?depth=5')?.body ?? '')).toMatchObject({
      ageMs: (JSON.parse(before ?? '') as { ageMs: number }).ageMs + 2_000,
    });
    store.apply(deltaOf(BINANCE_BTC, [['100.4', '3']], [], 2));
    const after = get('/v1/markets/binance/BTCUSDT/book?depth=5')?.body ?? '';
    expect(after).not.toBe(before);
    expect(after).toBe(JSON.stringify(store.book('binance:BTCUSDT', 5)));
    expect(JSON.parse(after).bids).toEqual([
      ['100.5', '1'],
      ['100.4', '3'],
    ]);
  });

  it('leaves to the controller everything that is not a plain read of a known market', () => {
    const { store, get } = setup();
    store.apply(snapshotOf(BINANCE_BTC, [['100.5', '1']], [['100.6', '2']], 1));
    for (const url of [
      '/v1/markets/binance/ETHUSDT/trade',
      '/v1/markets/binance/BTCUSDT/book?depth=0',
      '/v1/markets/binance/BTCUSDT/book?depth=51',
      '/v1/markets/binance/BTCUSDT/book?depth=x',
      '/v1/markets/binance/BTCUSDT/book?depth=5&x=1',
      '/v1/markets/binance/BTCUSDT/trade?x=1',
      '/v1/markets/binance/BTCUSDT/trade/',
      '/v1/markets/binance/BTCUSDT/other',
      '/v1/markets/binance/BTC%E0%A4%A/trade',
      '/v1/markets',
      '/v1/stream?markets=binance:BTCUSDT',
    ]) {
      expect([url, get(url)]).toEqual([url, undefined]);
    }
    expect(get('/v1/markets/binance/BTCUSDT/trade', 'HEAD')).toBeUndefined();
  });
});
