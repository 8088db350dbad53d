import type { BookLevel, Envelope } from '@tickline/domain';

import { deltaOf, type MockMarket, snapshotOf, tradeOf } from './envelopes.mock';

/** A seeded event script per market and a naive book rebuilt from it, for comparisons. */
export function marketScript(market: MockMarket, seed: number, steps: number, firstStep = 0) {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const envelopes: Envelope[] = [];
  if (firstStep === 0) {
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let i = 0; i < 20; i++) {
      bids.push([String(1_000 - i), String(1 + i)]);
      asks.push([String(1_001 + i), String(1 + i)]);
    }
    envelopes.push(snapshotOf(market, bids, asks, 1));
  }
  for (let step = Math.max(firstStep, 2); step < firstStep + steps; step++) {
    if (random() < 0.3) {
      envelopes.push(tradeOf(market, String(995 + Math.floor(random() * 10)), '0.5', step));
      continue;
    }
    const level = (base: number, sign: number): BookLevel => [
      String(base + sign * Math.floor(random() * 30)),
      random() < 0.25 ? '0' : String(1 + Math.floor(random() * 9)),
    ];
    envelopes.push(deltaOf(market, [level(1_000, -1)], [level(1_001, 1)], step));
  }
  return envelopes;
}

export interface NaiveBook {
  bids: BookLevel[];
  asks: BookLevel[];
  lastTradePrice: string | undefined;
}

export function naiveBook(envelopes: Envelope[]): NaiveBook {
  const bids = new Map<string, string>();
  const asks = new Map<string, string>();
  let lastTradePrice: string | undefined;
  for (const envelope of envelopes) {
    if (envelope.type === 'trade') {
      lastTradePrice = envelope.payload.price;
      continue;
    }
    if (envelope.type === 'book_snapshot') {
      bids.clear();
      asks.clear();
    }
    for (const [side, levels] of [
      [bids, envelope.payload.bids],
      [asks, envelope.payload.asks],
    ] as const) {
      for (const [price, size] of levels) {
        if (Number(size) === 0) side.delete(price);
        else side.set(price, size);
      }
    }
  }
  return {
    bids: [...bids].sort((a, b) => Number(b[0]) - Number(a[0])),
    asks: [...asks].sort((a, b) => Number(a[0]) - Number(b[0])),
    lastTradePrice,
  };
}
