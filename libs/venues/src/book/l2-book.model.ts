import type { BookLevel } from '@tickline/domain';

// A small, correct L2 book keyed by exact decimal price: enough to verify venue checksums and
// to rebuild books in tests. (The high-performance book engine is libs/order-book.) Levels keep
// the venue's own text for price and size, because checksums are computed over that text.

/**
 * The price as a comparable key: the same value always gives the same key ("30261",
 * "30261.0" and "30261.00" are one level), so two spellings can never make two levels.
 */
export function priceKey(price: string): string {
  const dot = price.indexOf('.');
  if (dot < 0) return price;
  let end = price.length;
  while (end > dot + 1 && price.charCodeAt(end - 1) === 48) end--;
  return end === dot + 1 ? price.slice(0, dot) : price.slice(0, end);
}

/**
 * Exact order of two price keys (plain decimals without leading or trailing zeros): a longer
 * integer part is larger; with equal integer lengths, text order is numeric order.
 */
export function compareKeys(a: string, b: string): number {
  const ai = a.indexOf('.');
  const bi = b.indexOf('.');
  const aInt = ai < 0 ? a.length : ai;
  const bInt = bi < 0 ? b.length : bi;
  if (aInt !== bInt) return aInt - bInt;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isZeroSize(size: string): boolean {
  for (let i = 0; i < size.length; i++) {
    const c = size.charCodeAt(i);
    if (c !== 48 && c !== 46) return false;
  }
  return true;
}

interface Level {
  readonly key: string;
  price: string;
  size: string;
}

/** One side of the book, levels sorted by ascending price. */
class BookSide {
  private readonly levels: Level[] = [];

  constructor(private readonly descending: boolean) {}

  get size(): number {
    return this.levels.length;
  }

  /** Index of `key`, or `-(insertion point) - 1` when absent. */
  private find(key: string): number {
    let lo = 0;
    let hi = this.levels.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = compareKeys((this.levels[mid] as Level).key, key);
      if (order < 0) lo = mid + 1;
      else if (order > 0) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  /** Sets a level's absolute size; a zero size removes it (unknown levels are fine to remove). */
  set(price: string, size: string): void {
    const key = priceKey(price);
    const at = this.find(key);
    if (isZeroSize(size)) {
      if (at >= 0) this.levels.splice(at, 1);
      return;
    }
    if (at >= 0) {
      const level = this.levels[at] as Level;
      level.price = price;
      level.size = size;
    } else {
      this.levels.splice(-at - 1, 0, { key, price, size });
    }
  }

  clear(): void {
    this.levels.length = 0;
  }

  /** The best `n` levels, best first, as `[price, size]` in the venue's text. */
  top(n: number): BookLevel[] {
    const count = Math.min(n, this.levels.length);
    const out: BookLevel[] = new Array<BookLevel>(count);
    for (let i = 0; i < count; i++) {
      const level = this.levels[this.descending ? this.levels.length - 1 - i : i] as Level;
      out[i] = [level.price, level.size];
    }
    return out;
  }

  /** Keeps only the best `depth` levels. */
  truncate(depth: number): void {
    const excess = this.levels.length - depth;
    if (excess <= 0) return;
    if (this.descending) this.levels.splice(0, excess);
    else this.levels.length = depth;
  }

  /** Visits the best `n` levels, best first, without allocating. */
  forEachTop(n: number, visit: (price: string, size: string, index: number) => void): void {
    const count = Math.min(n, this.levels.length);
    for (let i = 0; i < count; i++) {
      const level = this.levels[this.descending ? this.levels.length - 1 - i : i] as Level;
      visit(level.price, level.size, i);
    }
  }

  best(): Level | undefined {
    return this.levels.length === 0
      ? undefined
      : this.levels[this.descending ? this.levels.length - 1 : 0];
  }
}

/** An L2 order book: bids best (highest) first, asks best (lowest) first. */
export class L2Book {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);

  /** Replaces the whole book with a snapshot. */
  replace(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    this.bids.clear();
    this.asks.clear();
    this.update(bids, asks);
  }

  /** Applies absolute level sizes in array order (zero removes). */
  update(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    for (const [price, size] of bids) this.bids.set(price, size);
    for (const [price, size] of asks) this.asks.set(price, size);
  }

  truncate(depth: number): void {
    this.bids.truncate(depth);
    this.asks.truncate(depth);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  /** True when the best bid is at or above the best ask. */
  isCrossed(): boolean {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return bid !== undefined && ask !== undefined && compareKeys(bid.key, ask.key) >= 0;
  }
}

export type { BookSide };
