import type { BookLevel } from '@tickline/domain';

/** A side of the book, named like the payload fields. */
export type BookSide = 'bids' | 'asks';
export const BOOK_SIDES: readonly BookSide[] = ['bids', 'asks'];

/** Levels as they travel: `[price, size]` decimal text, the shape of delta and snapshot payloads. */
export interface BookLevels {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/**
 * What `OrderBook.applyEnvelope` reads from an event: a `book_delta` or `book_snapshot`
 * envelope of `@tickline/domain` fits (so does its replica-neutral form, which has no
 * `receiveTimeUs`).
 */
export interface BookUpdate {
  readonly type: 'book_delta' | 'book_snapshot';
  readonly exchangeTimeUs: number;
  readonly receiveTimeUs?: number;
  readonly seqId?: number;
  readonly firstUpdateId?: number;
  readonly lastUpdateId?: number;
  readonly prevId?: number;
  readonly checksum?: number;
  readonly payload: BookLevels;
}

export interface OrderBookOptions {
  /**
   * Keep at most this many levels per side, dropping the worst after every message: the venue
   * only reports changes inside the depth it was asked for (Kraken's rule for its checksum).
   * Unlimited by default.
   */
  readonly maxDepth?: number;
}

/** Called per level, best first; return `false` to stop. */
export type LevelVisitor = (price: string, size: string, rank: number) => void | boolean;
