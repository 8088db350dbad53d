import { crc32 } from 'node:zlib';

import type { BookLevel } from '@tickline/domain';

import type { BookLevels, BookSide } from '../src';

// The naive book the engine is checked against: one Map per side keyed by the exact decimal
// value (BigInt scaled by 10^40), sorted on every read, checksums built as strings and hashed by
// zlib. Nothing here shares code with the engine.

const SCALE = 40;
const PLAIN = /^[0-9]+(\.[0-9]+)?$/;

const exactValues = new Map<string, bigint>();

export function exactValue(text: string): bigint {
  let value = exactValues.get(text);
  if (value === undefined) {
    if (!PLAIN.test(text)) throw new Error(`not a plain decimal: ${text}`);
    const [integer = '', fraction = ''] = text.split('.');
    value = BigInt(integer + fraction.padEnd(SCALE, '0'));
    exactValues.set(text, value);
  }
  return value;
}

const ZERO = /^0+(\.0+)?$/;
const isZero = (text: string): boolean => ZERO.test(text);

export class ReferenceBook {
  private readonly sides = {
    bids: new Map<bigint, BookLevel>(),
    asks: new Map<bigint, BookLevel>(),
  };
  private readonly sorted: { bids?: BookLevel[]; asks?: BookLevel[] } = {};
  missingRemovals = 0;

  constructor(private readonly maxDepth = Infinity) {}

  applySnapshot(levels: BookLevels): void {
    this.check(levels);
    this.sorted.bids = this.sorted.asks = undefined;
    this.sides.bids.clear();
    this.sides.asks.clear();
    for (const side of ['bids', 'asks'] as const) {
      for (const [price, size] of levels[side]) {
        const key = exactValue(price);
        if (isZero(size)) this.sides[side].delete(key);
        else this.sides[side].set(key, [price, size]);
      }
    }
    this.truncate();
  }

  applyDelta(levels: BookLevels): void {
    this.check(levels);
    this.sorted.bids = this.sorted.asks = undefined;
    for (const side of ['bids', 'asks'] as const) {
      for (const [price, size] of levels[side]) {
        const key = exactValue(price);
        if (!isZero(size)) this.sides[side].set(key, [price, size]);
        else if (!this.sides[side].delete(key)) this.missingRemovals++;
      }
    }
    this.truncate();
  }

  /** Best first: bids by falling price, asks by rising price. */
  levels(side: BookSide): BookLevel[] {
    const cached = this.sorted[side];
    if (cached) return cached.map(([price, size]) => [price, size]);
    const entries = [...this.sides[side].entries()].sort(([a], [b]) =>
      a === b ? 0 : a < b === (side === 'asks') ? -1 : 1,
    );
    this.sorted[side] = entries.map(([, level]) => level);
    return this.levels(side);
  }

  isCrossed(): boolean {
    const bid = this.levels('bids')[0];
    const ask = this.levels('asks')[0];
    return bid !== undefined && ask !== undefined && exactValue(bid[0]) >= exactValue(ask[0]);
  }

  spreadText(): string | undefined {
    const bid = this.levels('bids')[0];
    const ask = this.levels('asks')[0];
    if (!bid || !ask) return undefined;
    const scale = Math.max(fractionDigits(bid[0]), fractionDigits(ask[0]));
    const cents = (exactValue(ask[0]) - exactValue(bid[0])) / 10n ** BigInt(SCALE - scale);
    const sign = cents < 0n ? '-' : '';
    const digits = (cents < 0n ? -cents : cents).toString().padStart(scale + 1, '0');
    return scale === 0
      ? sign + digits
      : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }

  krakenChecksum(): number {
    const strip = (text: string): string => text.replace('.', '').replace(/^0+/, '');
    const text = [...this.levels('asks').slice(0, 10), ...this.levels('bids').slice(0, 10)]
      .map(([price, size]) => strip(price) + strip(size))
      .join('');
    return crc32(text);
  }

  okxChecksum(): number {
    const bids = this.levels('bids').slice(0, 25);
    const asks = this.levels('asks').slice(0, 25);
    const parts: string[] = [];
    for (let i = 0; i < 25; i++) {
      if (bids[i]) parts.push(`${bids[i]?.[0]}:${bids[i]?.[1]}`);
      if (asks[i]) parts.push(`${asks[i]?.[0]}:${asks[i]?.[1]}`);
    }
    return crc32(parts.join(':')) | 0;
  }

  private check(levels: BookLevels): void {
    for (const side of ['bids', 'asks'] as const) {
      for (const [price, size] of levels[side]) {
        exactValue(price);
        if (!PLAIN.test(size)) throw new Error(`not a plain decimal: ${size}`);
      }
    }
  }

  private truncate(): void {
    for (const side of ['bids', 'asks'] as const) {
      const kept = this.levels(side).slice(0, this.maxDepth);
      if (kept.length === this.sides[side].size) continue;
      this.sides[side].clear();
      for (const level of kept) this.sides[side].set(exactValue(level[0]), level);
      this.sorted[side] = undefined;
    }
  }
}

function fractionDigits(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
