import type { BookDeltaEnvelope, BookEnvelope, Venue } from '@tickline/domain';

/** A break in a market's sequence: what the next event should have carried, and what it did. */
export interface SequenceGap {
  readonly expected: number;
  readonly received: number;
  /** How many updates are missing, where the venue's ids are contiguous. */
  readonly missing?: number;
  /** Machine-friendly name of the broken rule, e.g. `update_id_gap`. */
  readonly reason: string;
}

/**
 * How one venue numbers its book updates. Positions only grow within a stream, so an event at
 * or below the last accepted position is a copy (or covered by a newer snapshot), and one
 * above it must continue from it.
 */
export interface BookSequenceRule {
  /** The position an event leaves the book at; undefined when it carries none. */
  position(event: BookEnvelope): number | undefined;
  /** Whether a delta above `last` continues from it; the gap otherwise. */
  continuity(last: number, delta: BookDeltaEnvelope, position: number): SequenceGap | undefined;
  /** Deltas that carry the current position again on purpose (OKX keep-alives). */
  repeatsPosition?(delta: BookDeltaEnvelope): boolean;
  /**
   * Snapshot times come from the venue, so a snapshot at a lower position but a later time
   * means the venue restarted its sequence. Binance REST snapshots carry the receive time
   * instead, where that inference would be wrong.
   */
  readonly venueTimedSnapshots: boolean;
}

/**
 * Binance diff depth: `U`..`u` per event, `lastUpdateId` on the REST snapshot. The first
 * event after a snapshot straddles it (`U <= last + 1 <= u`); afterwards `U == last + 1`.
 * Futures streams add `pu` (kept as `prevId`), which must equal the last `u`.
 */
const binance: BookSequenceRule = {
  position: (event) => event.lastUpdateId,
  continuity(last, delta, position) {
    if (delta.prevId !== undefined) {
      return delta.prevId === last
        ? undefined
        : { expected: last, received: delta.prevId, reason: 'prev_update_id_mismatch' };
    }
    const first = delta.firstUpdateId ?? position;
    return first <= last + 1
      ? undefined
      : { expected: last + 1, received: first, missing: first - last - 1, reason: 'update_id_gap' };
  },
  venueTimedSnapshots: false,
};

/** Bybit orderbook: `u` grows by one per delta; the snapshot carries the current `u`. */
const bybit: BookSequenceRule = {
  position: (event) => event.lastUpdateId,
  continuity(last, _delta, position) {
    return position === last + 1
      ? undefined
      : {
          expected: last + 1,
          received: position,
          missing: position - last - 1,
          reason: 'update_id_gap',
        };
  },
  venueTimedSnapshots: true,
};

/**
 * OKX books: each update names its predecessor (`prevSeqId`, kept as `prevId`); seqIds are not
 * contiguous. An update without changes repeats the position (`prevSeqId == seqId`).
 */
const okx: BookSequenceRule = {
  position: (event) => event.seqId,
  continuity(last, delta) {
    return delta.prevId === undefined || delta.prevId === last
      ? undefined
      : { expected: last, received: delta.prevId, reason: 'prev_seq_id_mismatch' };
  },
  repeatsPosition: (delta) => delta.prevId !== undefined && delta.prevId === delta.seqId,
  venueTimedSnapshots: true,
};

/**
 * Per venue; Coinbase level2, Kraken v1 and Bitstamp send no sequence with their books, so
 * their updates are deduplicated by content and Kraken's are checked by checksum instead.
 */
export const BOOK_SEQUENCE_RULES: Readonly<Partial<Record<Venue, BookSequenceRule>>> = {
  binance,
  bybit,
  okx,
};

/** The identity of a positioned book event: two copies of one venue message share it. */
export function bookIdentity(
  event: BookEnvelope,
  position: number,
  rule: BookSequenceRule,
): string {
  if (event.type === 'book_snapshot') return `s:${position}`;
  return rule.repeatsPosition?.(event) === true
    ? `k:${position}:${event.exchangeTimeUs}`
    : `d:${position}`;
}
