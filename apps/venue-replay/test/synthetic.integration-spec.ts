import type { Venue } from '@tickline/domain';
import type { Subscription } from '@tickline/venues';

import { AdapterClient } from './support/adapter-client';
import { expectSameBook, venueStatus, waitDelivered } from './support/replay-checks';
import { sendJson, startReplay, type ReplayApp } from './support/replay-app';

jest.setTimeout(120_000);

interface Case {
  readonly venue: Venue;
  readonly options: (replay: ReplayApp) => Record<string, unknown>;
  readonly symbols: readonly string[];
  readonly stream: (symbol: string) => string;
}

const CASES: readonly Case[] = [
  {
    venue: 'binance',
    options: (replay) => ({
      wsUrl: `${replay.wsUrl}/binance`,
      restUrl: `${replay.httpUrl}/binance`,
    }),
    symbols: ['BTCUSDT', 'ETHUSDT', 'S0001USDT'],
    stream: (symbol) => `${symbol.toLowerCase()}@depth@100ms`,
  },
  {
    venue: 'coinbase',
    options: (replay) => ({ wsUrl: `${replay.wsUrl}/coinbase` }),
    symbols: ['BTC-USD', 'SOL-USD', 'S0001-USD'],
    stream: (symbol) => `level2:${symbol}`,
  },
  {
    venue: 'kraken',
    options: (replay) => ({ wsUrl: `${replay.wsUrl}/kraken`, bookDepth: 100 }),
    symbols: ['XBT/USD', 'ETH/USD', 'S0001/USD'],
    stream: (symbol) => `book-100:${symbol}`,
  },
  {
    venue: 'bitstamp',
    options: (replay) => ({
      wsUrl: `${replay.wsUrl}/bitstamp`,
      restUrl: `${replay.httpUrl}/bitstamp`,
    }),
    symbols: ['btcusd', 'ethusd', 's0001usd'],
    stream: (symbol) => `diff_order_book_${symbol}`,
  },
  {
    venue: 'okx',
    options: (replay) => ({ wsUrl: `${replay.wsUrl}/okx/ws/v5/public` }),
    symbols: ['BTC-USDT', 'XRP-USDT', 'S0001-USDT'],
    stream: (symbol) => `books:${symbol}`,
  },
  {
    venue: 'bybit',
    options: (replay) => ({ wsUrl: `${replay.wsUrl}/bybit/v5/public/spot` }),
    symbols: ['BTCUSDT', 'DOGEUSDT', 'S0001USDT'],
    stream: (symbol) => `orderbook.200.${symbol}`,
  },
];

/**
 * The endless generator for every venue at once (21 markets each, busy rates): each venue's
 * adapter syncs its books with every checksum and sequence rule holding, and the books match
 * the generator's. Exchange time starts at the wall clock.
 */
describe('synthetic live markets over the replay server', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    const spec = 'markets=21,bookRate=40,tradeRate=10,seed=7';
    replay = await startReplay({
      REPLAY_SYNTHETIC: CASES.map((entry) => `${entry.venue}:${spec}`).join(';'),
      REPLAY_START: 'manual',
      REPLAY_SPEED: '4',
    });
  });

  afterAll(() => replay.close());

  it.each(CASES.map((entry) => [entry.venue, entry]))(
    '%s: books sync and match the generator',
    async (_venue, entry) => {
      const startedMs = Date.now();
      const subscriptions: Subscription[] = entry.symbols.flatMap((symbol) => [
        { symbol, dataType: 'book_delta' as const },
        { symbol, dataType: 'trade' as const },
      ]);
      const client = await AdapterClient.start(entry.venue, entry.options(replay), subscriptions);
      while ((await venueStatus(replay, entry.venue)).subscriptions < subscriptions.length) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await sendJson('POST', `${replay.httpUrl}/control/venues/${entry.venue}/start`);
      while ((await venueStatus(replay, entry.venue)).position.emitted < 3_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await sendJson('POST', `${replay.httpUrl}/control/venues/${entry.venue}/pause`);
      await waitDelivered(replay, entry.venue, () => client.client.received.length);
      await client.settled();

      expect(client.errors).toEqual([]);
      expect(client.resyncs()).toEqual([]);
      expect(client.applied()).toBeGreaterThan(entry.symbols.length * 5);
      const trades = client.events.filter((event) => event.type === 'trade');
      expect(trades.length).toBeGreaterThan(0);
      // The generator starts at the wall clock when the venue's timeline is created.
      const first = Math.min(...client.events.map((event) => event.exchangeTimeUs));
      expect(Math.abs(first / 1000 - startedMs)).toBeLessThan(120_000);
      for (const symbol of entry.symbols) {
        await expectSameBook(replay, entry.venue, entry.stream(symbol), client.book(symbol));
      }
      client.close();
    },
  );
});
