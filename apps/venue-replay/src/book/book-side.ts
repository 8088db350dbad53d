import { isZeroDecimal } from '@tickline/domain';

/**
 * One price level as the venue wrote it. `extra` holds what a venue adds after price and size:
 * Kraken's level timestamp, OKX's deprecated "0" and order count.
 */
export interface Level {
  readonly price: string;
  readonly size: string;
  readonly extra?: readonly string[];
}

export type SideName = 'bid' | 'ask';

/**
 * One side of an L2 book, kept sorted best first. Levels are keyed by their numeric price, so
 * "0.3521" and "0.35210000" are the same level, while the text of the latest write is what gets
 * served (Kraken's checksum depends on the exact spelling).
 */
export class BookSide {
  // Sorted ascending; bids store negated prices so both sides share one search.
  private keys: number[] = [];
  private levels: Level[] = [];

  constructor(readonly side: SideName) {}

  get length(): number {
    return this.levels.length;
  }

  /** Sets a level, or removes it when its size is zero. Returns the level it replaced. */
  apply(level: Level): Level | undefined {
    return isZeroDecimal(level.size) ? this.remove(level.price) : this.set(level);
  }

  set(level: Level): Level | undefined {
    const key = this.keyOf(level.price);
    const index = this.search(key);
    if (index < this.keys.length && this.keys[index] === key) {
      const previous = this.levels[index];
      this.levels[index] = level;
      return previous;
    }
    this.keys.splice(index, 0, key);
    this.levels.splice(index, 0, level);
    return undefined;
  }

  remove(price: string): Level | undefined {
    const key = this.keyOf(price);
    const index = this.search(key);
    if (index < this.keys.length && this.keys[index] === key) {
      const [previous] = this.levels.splice(index, 1);
      this.keys.splice(index, 1);
      return previous;
    }
    return undefined;
  }

  get(price: string): Level | undefined {
    const key = this.keyOf(price);
    const index = this.search(key);
    return index < this.keys.length && this.keys[index] === key ? this.levels[index] : undefined;
  }

  /** The best `n` levels (all when `n` is undefined), best first. */
  top(n?: number): readonly Level[] {
    return n === undefined || n >= this.levels.length
      ? this.levels.slice()
      : this.levels.slice(0, n);
  }

  /** The level at `index` (0 is the best). */
  at(index: number): Level | undefined {
    return this.levels[index];
  }

  /** Best level's numeric price, or undefined when the side is empty. */
  bestPrice(): number | undefined {
    const key = this.keys[0];
    return key === undefined ? undefined : this.side === 'bid' ? -key : key;
  }

  /** Drops every level after the best `depth` (venues that truncate to the subscribed depth). */
  truncate(depth: number): void {
    if (this.levels.length > depth) {
      this.keys.length = depth;
      this.levels.length = depth;
    }
  }

  clear(): void {
    this.keys = [];
    this.levels = [];
  }

  clone(): BookSide {
    const copy = new BookSide(this.side);
    copy.keys = this.keys.slice();
    copy.levels = this.levels.slice();
    return copy;
  }

  private keyOf(price: string): number {
    const value = Number(price);
    if (!Number.isFinite(value)) {
      throw new Error(`Book level price ${JSON.stringify(price)} is not a number`);
    }
    return this.side === 'bid' ? -value : value;
  }

  private search(key: number): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.keys[mid] as number) < key) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
