import { BINANCE_BTC, snapshotOf, tradeOf } from '../../test/envelopes.mock';
import { MarketViewCache } from './market-view.cache';
import { MarketStateStore } from './market-state.store';

describe('MarketViewCache', () => {
  it('builds a view once per market version, kind and depth', () => {
    const store = new MarketStateStore({ staleAfterMs: 30_000 });
    store.apply(snapshotOf(BINANCE_BTC, [['100.5', '1']], [['100.6', '2']], 1));
    const state = store.get('binance:BTCUSDT');
    if (state === undefined) throw new Error('no state');
    const cache = new MarketViewCache();
    let builds = 0;
    const build = () => ({ build: ++builds });

    expect(cache.get(state, 'book', 20, build)).toEqual({ build: 1 });
    expect(cache.get(state, 'book', 20, build)).toEqual({ build: 1 });
    expect(cache.get(state, 'book', 10, build)).toEqual({ build: 2 });
    expect(cache.get(state, 'trade', 20, build)).toEqual({ build: 3 });

    store.apply(tradeOf(BINANCE_BTC, '100.6', '0.1', 2));
    expect(cache.get(state, 'book', 20, build)).toEqual({ build: 4 });
    expect(cache.get(state, 'book', 20, build)).toEqual({ build: 4 });
  });
});
