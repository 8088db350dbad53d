import { BookSide, type Level } from './book-side';

/**
 * Where a book stands in its venue's counters, in recording coordinates (before time shift and
 * loop offsets): `seq` is Binance's lastUpdateId, Bybit's `u`, OKX's `seqId`; `seq2` is Bybit's
 * cross sequence `seq`; `timeUs` is the exchange time of the last change.
 */
export interface BookMeta {
  seq?: number;
  seq2?: number;
  timeUs?: number;
}

/** An L2 book with its venue counters. */
export class BookState {
  bids = new BookSide('bid');
  asks = new BookSide('ask');
  meta: BookMeta = {};

  side(name: 'bid' | 'ask'): BookSide {
    return name === 'bid' ? this.bids : this.asks;
  }

  clone(): BookState {
    const copy = new BookState();
    copy.replaceWith(this);
    return copy;
  }

  /** Makes this book a copy of `other` (sides and counters). */
  replaceWith(other: BookState): void {
    this.bids = other.bids.clone();
    this.asks = other.asks.clone();
    this.meta = { ...other.meta };
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }
}

/** The level changes that turn one book into another, as a venue delta would carry them. */
export interface BookChanges {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** Zero written with the same number of decimals as `size` ("1.50000000" -> "0.00000000"). */
export function zeroLike(size: string): string {
  const dot = size.indexOf('.');
  return dot < 0 ? '0' : `0.${'0'.repeat(size.length - dot - 1)}`;
}

function sideChanges(from: BookSide, to: BookSide): Level[] {
  const changes: Level[] = [];
  for (const level of from.top()) {
    if (!to.get(level.price)) {
      changes.push({ ...level, size: zeroLike(level.size) });
    }
  }
  for (const level of to.top()) {
    const before = from.get(level.price);
    if (
      !before ||
      before.size !== level.size ||
      before.price !== level.price ||
      (before.extra ?? []).join() !== (level.extra ?? []).join()
    ) {
      changes.push(level);
    }
  }
  return changes;
}

/** Removals (zero size) first, then the levels to set: applying them to `from` gives `to`. */
export function diffBooks(from: BookState, to: BookState): BookChanges {
  return { bids: sideChanges(from.bids, to.bids), asks: sideChanges(from.asks, to.asks) };
}
