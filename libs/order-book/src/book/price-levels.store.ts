import { compareDecimalText } from '../decimal/decimal-text.util';

// One side of a book: a sorted array of price keys with the best level at the high end, so the
// levels that change most (the top of the book) sit where inserting and removing move almost
// nothing. Layout, chosen by measurement (docs/order-book.md):
//
//   keys   Float64Array   sign * price, ascending; live region [start, end) with free room on
//                        both sides, so an insert or removal shifts whichever part is shorter
//   slots  Int32Array     per position, the slot holding that level's strings
//   prices, sizes        per slot, the venue's exact text; shifting a level moves two typed-array
//                        entries (memmove, no GC write barriers), never the strings
//
// Lookups gallop down from the best level before a binary search, so an update d levels from
// the top costs O(log d) comparisons. Bids use the price as key and asks its negation, so one
// implementation serves both sides with "greater key = better price".

/** What `set` did, for the book's counters. */
export const LEVEL_UPDATED = 0;
export const LEVEL_INSERTED = 1;
export const LEVEL_REMOVED = 2;
export const LEVEL_MISSING = 3;
export type LevelOutcome =
  typeof LEVEL_UPDATED | typeof LEVEL_INSERTED | typeof LEVEL_REMOVED | typeof LEVEL_MISSING;

const INITIAL_CAPACITY = 64;
/** Below this many elements a plain loop beats the `copyWithin` builtin's call overhead. */
const SHORT_MOVE = 12;

export class PriceLevels {
  private keys = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY);
  private start = INITIAL_CAPACITY >> 1;
  private end = INITIAL_CAPACITY >> 1;
  private readonly prices: string[] = [];
  private readonly sizes: string[] = [];
  private readonly freeSlots: number[] = [];

  /** `1` for bids (key = price), `-1` for asks (key = -price). */
  constructor(readonly sign: 1 | -1) {}

  get count(): number {
    return this.end - this.start;
  }

  /**
   * Sets the level at `price` (whose key is `key`, i.e. `sign * value`) to `size`, or removes it
   * when `zero`. The price text is replaced too, so the book always holds the venue's latest
   * spelling of a level.
   */
  set(key: number, price: string, size: string, zero: boolean): LevelOutcome {
    const found = this.find(key, price);
    if (found >= 0) {
      if (zero) {
        this.removeAt(found);
        return LEVEL_REMOVED;
      }
      const slot = this.slots[found] as number;
      this.prices[slot] = price;
      this.sizes[slot] = size;
      return LEVEL_UPDATED;
    }
    if (zero) return LEVEL_MISSING;
    this.insertAt(~found, key, price, size);
    return LEVEL_INSERTED;
  }

  /** Rank 0 is the best level; callers check `rank < count`. */
  priceAt(rank: number): number {
    return this.sign * (this.keys[this.end - 1 - rank] as number);
  }

  priceTextAt(rank: number): string {
    return this.prices[this.slots[this.end - 1 - rank] as number] as string;
  }

  sizeTextAt(rank: number): string {
    return this.sizes[this.slots[this.end - 1 - rank] as number] as string;
  }

  /** Drops the worst levels so at most `depth` remain; returns how many were dropped. */
  truncate(depth: number): number {
    const excess = this.count - depth;
    if (excess <= 0) return 0;
    for (let i = this.start; i < this.start + excess; i++) this.freeSlot(this.slots[i] as number);
    this.start += excess;
    return excess;
  }

  clear(): void {
    this.prices.length = 0;
    this.sizes.length = 0;
    this.freeSlots.length = 0;
    this.start = this.end = this.keys.length >> 1;
  }

  /** The position of the level with this exact value, or `~insertionPoint`. */
  private find(key: number, price: string): number {
    const keys = this.keys;
    let lo = this.start;
    let hi = this.end;
    let probe = hi - 1;
    let step = 1;
    while (probe >= lo && (keys[probe] as number) > key) {
      hi = probe;
      probe -= step;
      step <<= 1;
    }
    if (probe > lo) lo = probe;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid] as number;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid;
      else return this.resolveEqualKey(mid, key, price);
    }
    return ~lo;
  }

  /**
   * `keys[at] === key`: almost always the same level. Distinct decimals share a double only past
   * ~15 significant digits; those are ordered by their exact value within the run of equal keys.
   */
  private resolveEqualKey(at: number, key: number, price: string): number {
    const stored = this.prices[this.slots[at] as number] as string;
    if (stored === price || compareDecimalText(price, stored) === 0) return at;
    const keys = this.keys;
    let lo = at;
    while (lo > this.start && keys[lo - 1] === key) lo--;
    let hi = at + 1;
    while (hi < this.end && keys[hi] === key) hi++;
    for (let i = lo; i < hi; i++) {
      const order =
        this.sign * compareDecimalText(price, this.prices[this.slots[i] as number] as string);
      if (order === 0) return i;
      if (order < 0) return ~i;
    }
    return ~hi;
  }

  private insertAt(position: number, key: number, price: string, size: string): void {
    let at = position;
    if (this.start === 0 || this.end === this.keys.length) at += this.makeRoom();
    const slot = this.takeSlot(price, size);
    const keys = this.keys;
    const slots = this.slots;
    const start = this.start;
    const end = this.end;
    if (at - start < end - at) {
      // Move the lower part down by one.
      if (at - start < SHORT_MOVE) {
        for (let i = start; i < at; i++) {
          keys[i - 1] = keys[i] as number;
          slots[i - 1] = slots[i] as number;
        }
      } else {
        keys.copyWithin(start - 1, start, at);
        slots.copyWithin(start - 1, start, at);
      }
      this.start = start - 1;
      at -= 1;
    } else {
      if (end - at < SHORT_MOVE) {
        for (let i = end; i > at; i--) {
          keys[i] = keys[i - 1] as number;
          slots[i] = slots[i - 1] as number;
        }
      } else {
        keys.copyWithin(at + 1, at, end);
        slots.copyWithin(at + 1, at, end);
      }
      this.end = end + 1;
    }
    keys[at] = key;
    slots[at] = slot;
  }

  private removeAt(at: number): void {
    const keys = this.keys;
    const slots = this.slots;
    const start = this.start;
    const end = this.end;
    this.freeSlot(slots[at] as number);
    if (at - start < end - 1 - at) {
      if (at - start < SHORT_MOVE) {
        for (let i = at; i > start; i--) {
          keys[i] = keys[i - 1] as number;
          slots[i] = slots[i - 1] as number;
        }
      } else {
        keys.copyWithin(start + 1, start, at);
        slots.copyWithin(start + 1, start, at);
      }
      this.start = start + 1;
    } else {
      if (end - 1 - at < SHORT_MOVE) {
        for (let i = at; i < end - 1; i++) {
          keys[i] = keys[i + 1] as number;
          slots[i] = slots[i + 1] as number;
        }
      } else {
        keys.copyWithin(at, at + 1, end);
        slots.copyWithin(at, at + 1, end);
      }
      this.end = end - 1;
    }
  }

  /**
   * Re-centres the live region when it touches either wall, doubling the arrays when it fills
   * more than half of them, so both sides have room again (amortized O(1) per insert). Returns
   * how far the region moved.
   */
  private makeRoom(): number {
    const count = this.count;
    const capacity = count * 2 + 2 > this.keys.length ? this.keys.length * 2 : this.keys.length;
    const start = (capacity - count) >> 1;
    if (capacity === this.keys.length) {
      this.keys.copyWithin(start, this.start, this.end);
      this.slots.copyWithin(start, this.start, this.end);
    } else {
      const keys = new Float64Array(capacity);
      const slots = new Int32Array(capacity);
      keys.set(this.keys.subarray(this.start, this.end), start);
      slots.set(this.slots.subarray(this.start, this.end), start);
      this.keys = keys;
      this.slots = slots;
    }
    const moved = start - this.start;
    this.start = start;
    this.end = start + count;
    return moved;
  }

  private takeSlot(price: string, size: string): number {
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.prices.length;
    this.prices[slot] = price;
    this.sizes[slot] = size;
    return slot;
  }

  private freeSlot(slot: number): void {
    // Empty strings, not undefined, keep the arrays' element kind stable and drop the references.
    this.prices[slot] = '';
    this.sizes[slot] = '';
    this.freeSlots.push(slot);
  }
}
