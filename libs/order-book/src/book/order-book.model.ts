import type { BookLevel } from '@tickline/domain';

import {
  classifySize,
  decimalToNumber,
  SIZE_INVALID as SIZE_INVALID_EXPORT,
  SIZE_ZERO as SIZE_ZERO_EXPORT,
} from '../decimal/decimal-key.util';
import { compareDecimalText, subtractDecimalText } from '../decimal/decimal-text.util';
import type { DepthView } from './depth-view.model';
import { InvalidLevelError } from './invalid-level.error';
import type {
  BookLevels,
  BookSide,
  BookUpdate,
  LevelVisitor,
  OrderBookOptions,
} from './order-book.types';
import { LEVEL_MISSING, PriceLevels } from './price-levels.store';

// Every message is applied in two passes: the first parses each price once into a shared
// scratch array and classifies each size (throwing on bad text before anything changes), the
// second applies the levels in array order. The scratch arrays grow to the largest message and
// are reused, so a message allocates nothing.

// CommonJS output reads imported bindings through export getters; the per-level loop uses
// module-local references instead.
const parsePrice = decimalToNumber;
const sizeKindOf = classifySize;
const SIZE_INVALID = SIZE_INVALID_EXPORT;
const SIZE_ZERO = SIZE_ZERO_EXPORT;
const MISSING = LEVEL_MISSING;

let scratchKeys = new Float64Array(256);
let scratchZero = new Uint8Array(256);

function ensureScratch(levels: number): void {
  if (levels <= scratchKeys.length) return;
  let capacity = scratchKeys.length;
  while (capacity < levels) capacity *= 2;
  scratchKeys = new Float64Array(capacity);
  scratchZero = new Uint8Array(capacity);
}

function prepareSide(levels: readonly BookLevel[], side: BookSide, offset: number): void {
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as BookLevel;
    const price = level[0];
    const size = level[1];
    const value = typeof price === 'string' ? parsePrice(price) : NaN;
    if (value !== value) throw new InvalidLevelError(side, i, 'price', price);
    const kind = typeof size === 'string' ? sizeKindOf(size) : SIZE_INVALID;
    if (kind === SIZE_INVALID) throw new InvalidLevelError(side, i, 'size', size);
    scratchKeys[offset + i] = value;
    scratchZero[offset + i] = kind === SIZE_ZERO ? 1 : 0;
  }
}

/**
 * An L2 order book: price levels per side, keyed by price, holding the venue's exact price and
 * size text. Sizes are absolute; a zero size removes a level, and removing a level that is not
 * there is counted (`missingRemovalCount`), not an error. Ranks count from the best level (0).
 */
export class OrderBook {
  readonly maxDepth: number;
  private readonly bidLevels = new PriceLevels(1);
  private readonly askLevels = new PriceLevels(-1);

  private messages = 0;
  private snapshots = 0;
  private levelUpdates = 0;
  private missingRemovals = 0;
  private seqId: number | undefined = undefined;
  private firstUpdateId: number | undefined = undefined;
  private lastUpdateIdValue: number | undefined = undefined;
  private prevId: number | undefined = undefined;
  private checksum: number | undefined = undefined;
  private exchangeTimeUs: number | undefined = undefined;
  private receiveTimeUs: number | undefined = undefined;

  constructor(options: OrderBookOptions = {}) {
    const maxDepth = options.maxDepth ?? Infinity;
    if (maxDepth !== Infinity && (!Number.isInteger(maxDepth) || maxDepth < 1)) {
      throw new RangeError(`maxDepth must be a positive integer, got ${maxDepth}`);
    }
    this.maxDepth = maxDepth;
  }

  // ---- updates -------------------------------------------------------------------------------

  /** Applies a `book_delta` or `book_snapshot` event and records its sequence fields and times. */
  applyEnvelope(update: BookUpdate): void {
    if (update.type === 'book_snapshot') this.applySnapshot(update.payload);
    else this.applyDelta(update.payload);
    this.seqId = update.seqId;
    this.firstUpdateId = update.firstUpdateId;
    this.lastUpdateIdValue = update.lastUpdateId;
    this.prevId = update.prevId;
    this.checksum = update.checksum;
    this.exchangeTimeUs = update.exchangeTimeUs;
    this.receiveTimeUs = update.receiveTimeUs;
  }

  /** Applies changed levels in array order (bids, then asks); throws `InvalidLevelError` unchanged. */
  applyDelta(levels: BookLevels): void {
    const bids = levels.bids;
    const asks = levels.asks;
    const total = bids.length + asks.length;
    ensureScratch(total);
    prepareSide(bids, 'bids', 0);
    prepareSide(asks, 'asks', bids.length);
    const keys = scratchKeys;
    const zero = scratchZero;
    let missing = 0;
    const bidLevels = this.bidLevels;
    for (let i = 0; i < bids.length; i++) {
      const level = bids[i] as BookLevel;
      if (bidLevels.set(keys[i] as number, level[0], level[1], zero[i] === 1) === MISSING) {
        missing++;
      }
    }
    const askLevels = this.askLevels;
    const offset = bids.length;
    for (let i = 0; i < asks.length; i++) {
      const level = asks[i] as BookLevel;
      const at = offset + i;
      if (askLevels.set(-(keys[at] as number), level[0], level[1], zero[at] === 1) === MISSING) {
        missing++;
      }
    }
    if (this.maxDepth !== Infinity) this.truncate();
    this.missingRemovals += missing;
    this.levelUpdates += total;
    this.messages++;
  }

  /**
   * Replaces the whole book (levels in any order; a repeated price keeps its last size, a zero
   * size is simply absent). Throws `InvalidLevelError` with the book unchanged.
   */
  applySnapshot(levels: BookLevels): void {
    const bids = levels.bids;
    const asks = levels.asks;
    ensureScratch(bids.length + asks.length);
    prepareSide(bids, 'bids', 0);
    prepareSide(asks, 'asks', bids.length);
    const keys = scratchKeys;
    const zero = scratchZero;
    this.bidLevels.clear();
    this.askLevels.clear();
    for (let i = 0; i < bids.length; i++) {
      const level = bids[i] as BookLevel;
      this.bidLevels.set(keys[i] as number, level[0], level[1], zero[i] === 1);
    }
    const offset = bids.length;
    for (let i = 0; i < asks.length; i++) {
      const level = asks[i] as BookLevel;
      this.askLevels.set(-(keys[offset + i] as number), level[0], level[1], zero[offset + i] === 1);
    }
    if (this.maxDepth !== Infinity) this.truncate();
    this.snapshots++;
    this.messages++;
  }

  /** Empties the book and forgets the sequence bookkeeping (counters are kept). */
  clear(): void {
    this.bidLevels.clear();
    this.askLevels.clear();
    this.seqId = this.firstUpdateId = this.lastUpdateIdValue = this.prevId = undefined;
    this.checksum = this.exchangeTimeUs = this.receiveTimeUs = undefined;
  }

  private truncate(): void {
    this.bidLevels.truncate(this.maxDepth);
    this.askLevels.truncate(this.maxDepth);
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** Levels on one side, or on both when no side is given. */
  levelCount(side?: BookSide): number {
    if (side === undefined) return this.bidLevels.count + this.askLevels.count;
    return this.levelsOf(side).count;
  }

  get isEmpty(): boolean {
    return this.bidLevels.count === 0 && this.askLevels.count === 0;
  }

  bestBid(): BookLevel | undefined {
    return this.levelAt('bids', 0);
  }

  bestAsk(): BookLevel | undefined {
    return this.levelAt('asks', 0);
  }

  bestBidPrice(): number | undefined {
    return this.bidLevels.count > 0 ? this.bidLevels.priceAt(0) : undefined;
  }

  bestAskPrice(): number | undefined {
    return this.askLevels.count > 0 ? this.askLevels.priceAt(0) : undefined;
  }

  /** Best ask minus best bid as a double (rounded; use `spreadText` to publish). */
  spread(): number | undefined {
    if (this.bidLevels.count === 0 || this.askLevels.count === 0) return undefined;
    return this.askLevels.priceAt(0) - this.bidLevels.priceAt(0);
  }

  /** Best ask minus best bid, exact, as decimal text (`"-0.5"` when crossed). */
  spreadText(): string | undefined {
    if (this.bidLevels.count === 0 || this.askLevels.count === 0) return undefined;
    return subtractDecimalText(this.askLevels.priceTextAt(0), this.bidLevels.priceTextAt(0));
  }

  midPrice(): number | undefined {
    if (this.bidLevels.count === 0 || this.askLevels.count === 0) return undefined;
    return (this.askLevels.priceAt(0) + this.bidLevels.priceAt(0)) / 2;
  }

  /** True when both sides have levels and the best bid is at or above the best ask. */
  isCrossed(): boolean {
    if (this.bidLevels.count === 0 || this.askLevels.count === 0) return false;
    const bid = this.bidLevels.priceAt(0);
    const ask = this.askLevels.priceAt(0);
    if (bid !== ask) return bid > ask;
    return compareDecimalText(this.bidLevels.priceTextAt(0), this.askLevels.priceTextAt(0)) >= 0;
  }

  /** The price of the level at `rank` as a number, or `undefined` past the last level. */
  priceAt(side: BookSide, rank: number): number | undefined {
    const levels = this.levelsOf(side);
    return rank >= 0 && rank < levels.count ? levels.priceAt(rank) : undefined;
  }

  /** The venue's price text of the level at `rank`, or `undefined` past the last level. */
  priceTextAt(side: BookSide, rank: number): string | undefined {
    const levels = this.levelsOf(side);
    return rank >= 0 && rank < levels.count ? levels.priceTextAt(rank) : undefined;
  }

  /** The venue's size text of the level at `rank`, or `undefined` past the last level. */
  sizeTextAt(side: BookSide, rank: number): string | undefined {
    const levels = this.levelsOf(side);
    return rank >= 0 && rank < levels.count ? levels.sizeTextAt(rank) : undefined;
  }

  /** `[price, size]` of the level at `rank` (a new tuple), or `undefined` past the last level. */
  levelAt(side: BookSide, rank: number): BookLevel | undefined {
    const levels = this.levelsOf(side);
    if (rank < 0 || rank >= levels.count) return undefined;
    return [levels.priceTextAt(rank), levels.sizeTextAt(rank)];
  }

  /** Visits levels best first, all of them or the first `limit`; the visitor may return false to stop. */
  forEachLevel(side: BookSide, visit: LevelVisitor, limit = Infinity): void {
    const levels = this.levelsOf(side);
    const count = limit < levels.count ? limit : levels.count;
    for (let rank = 0; rank < count; rank++) {
      if (visit(levels.priceTextAt(rank), levels.sizeTextAt(rank), rank) === false) return;
    }
  }

  /** The top `depth` levels of each side into a reusable view (no allocation). */
  readDepth(view: DepthView, depth = view.capacity): void {
    const limit = depth < view.capacity ? depth : view.capacity;
    const bids = this.bidLevels;
    const asks = this.askLevels;
    const bidCount = limit < bids.count ? limit : bids.count;
    const askCount = limit < asks.count ? limit : asks.count;
    for (let rank = 0; rank < bidCount; rank++) {
      view.bidPrices[rank] = bids.priceTextAt(rank);
      view.bidSizes[rank] = bids.sizeTextAt(rank);
      view.bidPriceValues[rank] = bids.priceAt(rank);
    }
    for (let rank = 0; rank < askCount; rank++) {
      view.askPrices[rank] = asks.priceTextAt(rank);
      view.askSizes[rank] = asks.sizeTextAt(rank);
      view.askPriceValues[rank] = asks.priceAt(rank);
    }
    view.bidCount = bidCount;
    view.askCount = askCount;
  }

  /** The top `depth` levels of one side (all by default), best first, as new `[price, size]` tuples. */
  levels(side: BookSide, depth = Infinity): BookLevel[] {
    const levels = this.levelsOf(side);
    const count = depth < levels.count ? depth : levels.count;
    const out = new Array<BookLevel>(count);
    for (let rank = 0; rank < count; rank++) {
      out[rank] = [levels.priceTextAt(rank), levels.sizeTextAt(rank)];
    }
    return out;
  }

  /**
   * The canonical export: both sides best first, as the venue's exact text; a `book_snapshot`
   * payload that rebuilds this book exactly (`applySnapshot`).
   */
  toSnapshotPayload(depth = Infinity): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: this.levels('bids', depth), asks: this.levels('asks', depth) };
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  /** Deltas and snapshots applied. */
  get messageCount(): number {
    return this.messages;
  }

  get snapshotCount(): number {
    return this.snapshots;
  }

  /** Delta levels applied (inserts, changes, removals and missing removals). */
  get levelUpdateCount(): number {
    return this.levelUpdates;
  }

  /** Delta levels with a zero size for a price the book did not hold. */
  get missingRemovalCount(): number {
    return this.missingRemovals;
  }

  /** The sequence fields and times of the last envelope applied (`undefined` when it had none). */
  get lastSeqId(): number | undefined {
    return this.seqId;
  }

  get lastFirstUpdateId(): number | undefined {
    return this.firstUpdateId;
  }

  get lastUpdateId(): number | undefined {
    return this.lastUpdateIdValue;
  }

  get lastPrevId(): number | undefined {
    return this.prevId;
  }

  get lastChecksum(): number | undefined {
    return this.checksum;
  }

  get lastExchangeTimeUs(): number | undefined {
    return this.exchangeTimeUs;
  }

  get lastReceiveTimeUs(): number | undefined {
    return this.receiveTimeUs;
  }

  private levelsOf(side: BookSide): PriceLevels {
    if (side === 'bids') return this.bidLevels;
    if (side === 'asks') return this.askLevels;
    throw new RangeError(`Unknown book side ${JSON.stringify(side)}; expected "bids" or "asks"`);
  }
}
