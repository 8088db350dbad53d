import {
  type BookDeltaEnvelope,
  type BookLevel,
  type BookSnapshotEnvelope,
  isZeroDecimal,
} from '@tickline/domain';
import { compareDecimalText, OrderBook, venueChecksum } from '@tickline/order-book';

/** The best levels a book would have: `undefined` for an empty side. */
export interface Touch {
  readonly bestBid: string | undefined;
  readonly bestAsk: string | undefined;
}

export interface ChecksumMismatch {
  /** What the venue sent. */
  readonly sent: number;
  /** What the book we keep gives. */
  readonly computed: number;
}

/**
 * The book of one market as the valid topic describes it, kept to judge the next update:
 * crossed-book checks and venue checksums. It is `synced` only from an accepted snapshot on;
 * after a rejected snapshot or a checksum mismatch (or when the state was rebuilt without a
 * snapshot) the checks pause until the next snapshot, rather than raising alerts about a book
 * we know to be incomplete.
 */
export class BookGuard {
  private book: OrderBook | undefined;

  constructor(private readonly maxDepth: number) {}

  get synced(): boolean {
    return this.book !== undefined;
  }

  /** Levels kept per side (for tests and metrics). */
  levelCount(): number {
    return this.book?.levelCount() ?? 0;
  }

  touch(): Touch {
    return { bestBid: this.book?.bestBid()?.[0], bestAsk: this.book?.bestAsk()?.[0] };
  }

  desync(): void {
    this.book = undefined;
  }

  /** The touch of a snapshot on its own, when it is crossed. */
  crossedSnapshot(snapshot: BookSnapshotEnvelope): Touch | undefined {
    const bestBid = extreme(snapshot.payload.bids, 1);
    const bestAsk = extreme(snapshot.payload.asks, -1);
    return isCrossed(bestBid, bestAsk) ? { bestBid, bestAsk } : undefined;
  }

  /**
   * The touch the book would have after `delta`, when that touch is crossed; computed without
   * changing the book, so a rejected delta leaves no trace. Undefined when not synced.
   */
  crossedAfter(delta: BookDeltaEnvelope): Touch | undefined {
    const book = this.book;
    if (book === undefined) return undefined;
    const bestBid = touchAfter(book, 'bids', delta.payload.bids, 1);
    const bestAsk = touchAfter(book, 'asks', delta.payload.asks, -1);
    return isCrossed(bestBid, bestAsk) ? { bestBid, bestAsk } : undefined;
  }

  /**
   * Replaces the book. Kraken reports changes only within the depth it was subscribed at and
   * its checksum covers that book, so its books keep the snapshot's depth.
   */
  applySnapshot(snapshot: BookSnapshotEnvelope): void {
    const depth =
      snapshot.venue === 'kraken' && snapshot.payload.depth !== undefined
        ? Math.min(snapshot.payload.depth, this.maxDepth)
        : this.maxDepth;
    if (this.book?.maxDepth !== depth) this.book = new OrderBook({ maxDepth: depth });
    this.book.applySnapshot(snapshot.payload);
  }

  applyDelta(delta: BookDeltaEnvelope): void {
    this.book?.applyDelta(delta.payload);
  }

  /**
   * Compares the venue's checksum with the book's, where the venue sends one that carries
   * information (OKX sends 0 once it stops computing them). On a mismatch the book is dropped.
   */
  verifyChecksum(event: BookDeltaEnvelope | BookSnapshotEnvelope): ChecksumMismatch | undefined {
    const book = this.book;
    const sent = event.checksum;
    if (book === undefined || sent === undefined) return undefined;
    if (event.venue === 'okx' && sent === 0) return undefined;
    const computed = venueChecksum(event.venue, book);
    if (computed === undefined || computed === sent) return undefined;
    this.book = undefined;
    return { sent, computed };
  }
}

function isCrossed(bestBid: string | undefined, bestAsk: string | undefined): boolean {
  return (
    bestBid !== undefined && bestAsk !== undefined && compareDecimalText(bestBid, bestAsk) >= 0
  );
}

/** The best price among levels with a size: the highest (`direction` 1) or lowest (-1). */
function extreme(levels: readonly BookLevel[], direction: 1 | -1): string | undefined {
  let best: string | undefined;
  for (const [price, size] of levels) {
    if (isZeroDecimal(size)) continue;
    if (best === undefined || compareDecimalText(price, best) * direction > 0) best = price;
  }
  return best;
}

/**
 * The best price of one side after `changes`: the best changed level that keeps a size, or the
 * best existing level the changes do not touch, whichever is better.
 */
function touchAfter(
  book: OrderBook,
  side: 'bids' | 'asks',
  changes: readonly BookLevel[],
  direction: 1 | -1,
): string | undefined {
  let best = extreme(changes, direction);
  const count = book.levelCount(side);
  for (let rank = 0; rank < count; rank++) {
    const price = book.priceTextAt(side, rank) as string;
    if (changes.some((level) => compareDecimalText(level[0], price) === 0)) continue;
    if (best === undefined || compareDecimalText(price, best) * direction > 0) best = price;
    break;
  }
  return best;
}
