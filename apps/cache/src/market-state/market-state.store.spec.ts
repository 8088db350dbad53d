import { parseMarketSnapshot } from '@tickline/domain';

import {
  BINANCE_BTC,
  deltaOf,
  KRAKEN_XBT,
  MOCK_BASE_US,
  snapshotOf,
  tradeOf,
} from '../../test/envelopes.mock';
import { MarketStateStore } from './market-state.store';

function storeAt(nowUs: { value: number }): MarketStateStore {
  return new MarketStateStore({ staleAfterMs: 30_000, now: () => nowUs.value });
}

describe('MarketStateStore', () => {
  const clock = { value: MOCK_BASE_US };

  beforeEach(() => {
    clock.value = MOCK_BASE_US;
  });

  it('keeps the last trade and the full book per market', () => {
    const store = storeAt(clock);
    store.apply(
      snapshotOf(
        BINANCE_BTC,
        [
          ['100.5', '1'],
          ['100.4', '2'],
        ],
        [['100.6', '3']],
        1,
      ),
    );
    store.apply(
      deltaOf(
        BINANCE_BTC,
        [
          ['100.5', '0'],
          ['100.3', '5'],
        ],
        [['100.7', '1.50']],
        2,
      ),
    );
    store.apply(tradeOf(BINANCE_BTC, '100.6', '0.1', 3));
    store.apply(tradeOf(BINANCE_BTC, '100.55', '0.2', 4, 'sell'));

    expect(store.trade('binance:BTCUSDT')?.trade?.payload).toEqual({
      price: '100.55',
      size: '0.2',
      side: 'sell',
      tradeId: '1004',
    });
    const book = store.book('binance:BTCUSDT');
    expect(book?.bids).toEqual([
      ['100.4', '2'],
      ['100.3', '5'],
    ]);
    expect(book?.asks).toEqual([
      ['100.6', '3'],
      ['100.7', '1.50'],
    ]);
    expect(book?.spread).toBe('0.2');
    expect(book?.lastUpdateId).toBe(2);
    expect(book?.crossed).toBe(false);
  });

  it('answers depth queries best first and undefined for unknown markets', () => {
    const store = storeAt(clock);
    store.apply(
      snapshotOf(
        BINANCE_BTC,
        [
          ['3', '1'],
          ['1', '1'],
          ['2', '1'],
        ],
        [
          ['5', '1'],
          ['4', '1'],
        ],
        1,
      ),
    );
    const top = store.book('binance:BTCUSDT', 2);
    expect(top?.bids).toEqual([
      ['3', '1'],
      ['2', '1'],
    ]);
    expect(top?.asks).toEqual([
      ['4', '1'],
      ['5', '1'],
    ]);
    expect(top?.bidLevels).toBe(3);
    expect(store.book('binance:ETHUSDT')).toBeUndefined();
    expect(store.trade('binance:ETHUSDT')).toBeUndefined();
  });

  it('lists markets sorted with update times and staleness', () => {
    const store = storeAt(clock);
    store.apply(tradeOf(KRAKEN_XBT, '50000.1', '0.01', 1));
    store.apply(tradeOf(BINANCE_BTC, '50001', '0.02', 2));
    clock.value = MOCK_BASE_US + 2_150 + 10_000_000;

    const markets = store.listMarkets();
    expect(markets.map((m) => m.id)).toEqual(['binance:BTCUSDT', 'kraken:XBT/USD']);
    expect(markets[0]).toMatchObject({
      hasTrade: true,
      hasBook: false,
      lastExchangeTimeUs: MOCK_BASE_US + 2_000,
      lastReceiveTimeUs: MOCK_BASE_US + 2_150,
      ageMs: 10_000,
      stale: false,
    });

    clock.value += 25_000_000;
    expect(store.listMarkets().map((m) => m.stale)).toEqual([true, true]);
    store.apply(tradeOf(BINANCE_BTC, '50002', '0.02', 40_000));
    expect(store.listMarkets().map((m) => m.stale)).toEqual([false, true]);
  });

  it('notifies listeners of every applied event', () => {
    const store = storeAt(clock);
    const seen: string[] = [];
    const off = store.onChange((state, envelope) => seen.push(`${state.id}/${envelope.type}`));
    store.apply(tradeOf(BINANCE_BTC, '1', '1', 1));
    store.apply(deltaOf(KRAKEN_XBT, [['1', '1']], [], 2));
    off();
    store.apply(tradeOf(BINANCE_BTC, '1', '1', 3));
    expect(seen).toEqual(['binance:BTCUSDT/trade', 'kraken:XBT/USD/book_delta']);
  });

  it('tracks the next offset per partition', () => {
    const store = storeAt(clock);
    store.setPositions(
      new Map([
        [0, 0],
        [1, 7],
      ]),
    );
    store.apply(tradeOf(BINANCE_BTC, '1', '1', 1), { partition: 0, offset: 4 });
    expect(store.currentPositions()).toEqual(
      new Map([
        [0, 5],
        [1, 7],
      ]),
    );
  });

  it('round-trips through snapshots that satisfy the topic schema', () => {
    const source = storeAt(clock);
    source.setPositions(
      new Map([
        [0, 0],
        [1, 0],
      ]),
    );
    source.apply(snapshotOf(BINANCE_BTC, [['100', '1']], [['101', '2']], 1), {
      partition: 0,
      offset: 0,
    });
    source.apply(deltaOf(BINANCE_BTC, [['99.5', '4']], [], 2), { partition: 0, offset: 1 });
    source.apply(tradeOf(KRAKEN_XBT, '50000.1', '0.01', 3), { partition: 1, offset: 0 });

    const snapshots = source.takeChangedSnapshots();
    expect(snapshots).toHaveLength(2);
    expect(source.takeChangedSnapshots()).toEqual([]);
    for (const snapshot of snapshots) {
      expect(parseMarketSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
      expect(snapshot.validOffsets).toEqual({ '0': '2', '1': '1' });
    }

    const restored = storeAt(clock);
    for (const snapshot of snapshots) restored.restore(snapshot);
    expect(restored.book('binance:BTCUSDT', 10)?.bids).toEqual(
      source.book('binance:BTCUSDT', 10)?.bids,
    );
    expect(restored.book('binance:BTCUSDT')?.lastUpdateId).toBe(2);
    expect(restored.trade('kraken:XBT/USD')?.trade).toEqual(source.trade('kraken:XBT/USD')?.trade);
    expect(restored.takeChangedSnapshots()).toEqual([]);
  });

  it('resumes from the lowest snapshot offset and skips events a snapshot covers', () => {
    const store = storeAt(clock);
    const early = {
      v: 1 as const,
      venue: BINANCE_BTC.venue,
      symbol: BINANCE_BTC.symbol,
      market: BINANCE_BTC.market,
      takenAtUs: MOCK_BASE_US,
      lastTrade: tradeOf(BINANCE_BTC, '10', '1', 1),
      book: null,
      validOffsets: { '0': '5', '1': '3' },
    };
    const late = {
      ...early,
      venue: KRAKEN_XBT.venue,
      symbol: KRAKEN_XBT.symbol,
      market: KRAKEN_XBT.market,
      lastTrade: tradeOf(KRAKEN_XBT, '20', '1', 2),
      validOffsets: { '0': '9', '1': '2' },
    };
    store.restore(early);
    store.restore(late);
    expect(store.resumeOffsets()).toEqual(
      new Map([
        [0, 5],
        [1, 2],
      ]),
    );

    // Offset 6 of partition 0 precedes kraken's snapshot (9) but follows binance's (5).
    expect(store.apply(tradeOf(KRAKEN_XBT, '21', '1', 3), { partition: 0, offset: 6 })).toBe(
      'covered',
    );
    expect(store.apply(tradeOf(BINANCE_BTC, '11', '1', 4), { partition: 0, offset: 6 })).toBe(
      'applied',
    );
    expect(store.apply(tradeOf(KRAKEN_XBT, '22', '1', 5), { partition: 0, offset: 9 })).toBe(
      'applied',
    );
    expect(store.trade('kraken:XBT/USD')?.trade?.payload.price).toBe('22');
    expect(store.trade('binance:BTCUSDT')?.trade?.payload.price).toBe('11');
  });

  it('leaves the book unchanged when a message has a malformed level', () => {
    const store = storeAt(clock);
    store.apply(snapshotOf(BINANCE_BTC, [['100', '1']], [['101', '1']], 1));
    const bad = deltaOf(BINANCE_BTC, [['99', '1']], [['102', '1e-8']], 2);
    expect(() => store.apply(bad)).toThrow(/not a plain decimal/);
    expect(store.book('binance:BTCUSDT')?.bids).toEqual([['100', '1']]);
  });
});
