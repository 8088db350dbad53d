import type { BookLevel } from '@tickline/domain';

import {
  DepthView,
  InvalidLevelError,
  krakenChecksum,
  okxChecksum,
  OrderBook,
  type BookLevels,
} from '../src';
import { exactValue, ReferenceBook } from './reference-book.util';

// Thousands of random snapshot/delta sequences, each applied to the engine and to the naive
// reference book; after every step the two must agree on every level (order and exact text),
// the counters, the best levels, crossing, the spread and both venue checksums. A failure names
// its seed and step, so `runSequence(seed)` replays it alone.

const SEQUENCES = 2_000;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Style = 'cents' | 'integer' | 'tiny' | 'kraken' | 'colliding';
const STYLES: readonly Style[] = ['cents', 'integer', 'tiny', 'kraken', 'colliding'];

/** Price text for tick `t` in a style; some styles spell one value several ways. */
function priceText(style: Style, t: number, random: () => number): string {
  switch (style) {
    case 'cents': {
      const text = (100 + t / 100).toFixed(2);
      return random() < 0.2 ? `${text}000` : text; // the same level, spelled longer
    }
    case 'integer':
      return String(30_000 + t);
    case 'tiny':
      return (0.00001 + t * 1e-8).toFixed(8);
    case 'kraken':
      return (56_000 + t / 10).toFixed(5);
    case 'colliding':
      // Distinct decimals that share one double (7), beside a few that do not.
      return t % 5 === 0
        ? (7 + (t - 100) / 1000).toFixed(3)
        : `7.000000000000000000${String(t).padStart(3, '0')}`;
  }
}

function sizeText(random: () => number): string {
  const r = random();
  if (r < 0.12) return ['0', '0.0', '0.00000000'][Math.floor(random() * 3)] as string;
  return (random() * 100 + 0.001).toFixed(Math.floor(random() * 9));
}

interface Scenario {
  readonly random: () => number;
  readonly style: Style;
  readonly ticks: number;
}

function levelsFor(scenario: Scenario, count: number, side: 'bids' | 'asks'): BookLevel[] {
  const { random, style, ticks } = scenario;
  return Array.from({ length: count }, () => {
    // Bids mostly low and asks mostly high, overlapping near the middle so books sometimes cross.
    const tick = Math.floor(
      side === 'bids' ? random() * ticks * 0.55 : ticks - 1 - random() * ticks * 0.55,
    );
    return [priceText(style, tick, random), sizeText(random)];
  });
}

function message(scenario: Scenario, maxLevels: number): BookLevels {
  const { random } = scenario;
  return {
    bids: levelsFor(scenario, Math.floor(random() * maxLevels), 'bids'),
    asks: levelsFor(scenario, Math.floor(random() * maxLevels), 'asks'),
  };
}

const INVALID_TEXT = ['', '-1', '1e5', '.5', '5.', '1.2.3', ' 1', 'abc', '0x10'];

function corrupt(levels: BookLevels, random: () => number): BookLevels {
  const bids = levels.bids.map((level) => [...level] as BookLevel);
  const bad = INVALID_TEXT[Math.floor(random() * INVALID_TEXT.length)] as string;
  bids.push(random() < 0.5 ? [bad, '1'] : ['100.00', bad]);
  return { bids, asks: levels.asks };
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) =>
    equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** Deep equality of values and nested arrays (much faster than jest's over thousands of steps). */
function same(what: string, actual: unknown, expected: unknown): void {
  if (equal(actual, expected)) return;
  const shown = (value: unknown): string => String(JSON.stringify(value)).slice(0, 400);
  throw new Error(`${what}: expected ${shown(expected)}, got ${shown(actual)}`);
}

function compare(book: OrderBook, reference: ReferenceBook, random: () => number): void {
  const bids = reference.levels('bids');
  const asks = reference.levels('asks');
  same('bids', book.levels('bids'), bids);
  same('asks', book.levels('asks'), asks);
  same('level count', book.levelCount(), bids.length + asks.length);
  same('best bid', book.bestBid(), bids[0]);
  same('best ask', book.bestAsk(), asks[0]);
  same('best bid price', book.bestBidPrice(), bids[0] ? Number(bids[0][0]) : undefined);
  same('crossed', book.isCrossed(), reference.isCrossed());
  same('spread', book.spreadText(), reference.spreadText());
  same('missing removals', book.missingRemovalCount, reference.missingRemovals);
  same('kraken checksum', krakenChecksum(book), reference.krakenChecksum());
  same('okx checksum', okxChecksum(book), reference.okxChecksum());
  const depth = 1 + Math.floor(random() * 30);
  const view = new DepthView(depth);
  book.readDepth(view);
  same(
    'depth view bid prices',
    view.bidPrices.slice(0, view.bidCount),
    bids.slice(0, depth).map((l) => l[0]),
  );
  same(
    'depth view ask sizes',
    view.askSizes.slice(0, view.askCount),
    asks.slice(0, depth).map((l) => l[1]),
  );
  same(
    'depth view ask values',
    [...view.askPriceValues.subarray(0, view.askCount)],
    asks.slice(0, depth).map((l) => Number(l[0])),
  );
}

export function runSequence(seed: number): number {
  const random = mulberry32(seed);
  const scenario: Scenario = {
    random,
    style: STYLES[seed % STYLES.length] as Style,
    ticks: 20 + Math.floor(random() * 400),
  };
  const maxDepth = random() < 0.25 ? 1 + Math.floor(random() * 20) : undefined;
  const book = new OrderBook({ maxDepth });
  const reference = new ReferenceBook(maxDepth);
  const steps = 20 + Math.floor(random() * 40);
  for (let step = 0; step < steps; step++) {
    try {
      const r = random();
      if (step === 0 || r < 0.08) {
        const snapshot = message(scenario, random() < 0.1 ? 400 : 60);
        book.applySnapshot(snapshot);
        reference.applySnapshot(snapshot);
      } else if (r < 0.12) {
        const before = book.toSnapshotPayload();
        const counters = [book.messageCount, book.missingRemovalCount];
        const bad = corrupt(message(scenario, 8), random);
        let thrown: unknown;
        try {
          book.applyDelta(bad);
        } catch (error) {
          thrown = error;
        }
        same('rejected', thrown instanceof InvalidLevelError, true);
        same('book after a rejected message', book.toSnapshotPayload(), before);
        same(
          'counters after a rejected message',
          [book.messageCount, book.missingRemovalCount],
          counters,
        );
      } else {
        const delta = message(scenario, 12);
        book.applyDelta(delta);
        reference.applyDelta(delta);
      }
      compare(book, reference, random);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`seed ${seed}, step ${step} (${scenario.style}): ${reason}`);
    }
  }
  return steps;
}

describe('OrderBook against the reference book', () => {
  it(`agrees after every step of ${SEQUENCES} random sequences`, () => {
    let steps = 0;
    for (let seed = 1; seed <= SEQUENCES; seed++) steps += runSequence(seed);
    expect(steps).toBeGreaterThan(SEQUENCES * 20);
  });

  it('the colliding style really puts distinct prices on one double', () => {
    const a = '7.000000000000000000001';
    const b = '7.000000000000000000002';
    expect(Number(a)).toBe(Number(b));
    expect(exactValue(a)).not.toBe(exactValue(b));
    const book = new OrderBook();
    book.applyDelta({
      bids: [
        [a, '1'],
        [b, '2'],
        ['7', '3'],
      ],
      asks: [],
    });
    expect(book.levels('bids')).toEqual([
      [b, '2'],
      [a, '1'],
      ['7', '3'],
    ]);
  });

  it('grows to large books inserted in random order', () => {
    const random = mulberry32(99);
    const book = new OrderBook();
    const reference = new ReferenceBook();
    for (let round = 0; round < 20; round++) {
      const delta: BookLevels = {
        bids: Array.from({ length: 500 }, () => [
          (1 + Math.floor(random() * 20_000) / 100).toFixed(2),
          random() < 0.2 ? '0' : '1.5',
        ]),
        asks: Array.from({ length: 500 }, () => [
          (300 + Math.floor(random() * 20_000) / 100).toFixed(2),
          random() < 0.2 ? '0' : '2.5',
        ]),
      };
      book.applyDelta(delta);
      reference.applyDelta(delta);
    }
    expect(book.levelCount()).toBeGreaterThan(10_000);
    expect(book.toSnapshotPayload()).toEqual({
      bids: reference.levels('bids'),
      asks: reference.levels('asks'),
    });
  });
});
