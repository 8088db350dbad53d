import type { BookDeltaEnvelope, BookSnapshotEnvelope } from '@tickline/domain';
import { InvalidLevelError, OrderBook } from '@tickline/order-book';

import type { BookSequenceRule } from './book-sequence.rules';
import type { MarketState } from './market-state.model';

/**
 * A snapshot taken at `snapshotPosition`, which the sequence has passed (it is at
 * `currentPosition`), brought forward by the deltas accepted since: the book at the current
 * position, stamped with it. Only while the market's book is not synced, i.e. no snapshot has
 * been accepted since the deltas began (a second replica's deltas reach the validator while
 * the first replica still waits for its REST snapshot), and only when the remembered deltas
 * continue from the snapshot; otherwise undefined and the snapshot stays redundant.
 */
export function rollForward(
  snapshot: BookSnapshotEnvelope,
  snapshotPosition: number,
  currentPosition: number,
  state: MarketState,
  rule: BookSequenceRule,
): BookSnapshotEnvelope | undefined {
  if (state.book.synced) return undefined;
  const deltas = state.unsyncedDeltas;
  const from = deltas.findIndex((delta) => (rule.position(delta) ?? -1) > snapshotPosition);
  if (from < 0) return undefined;
  const next = deltas[from] as BookDeltaEnvelope;
  if (rule.continuity(snapshotPosition, next, rule.position(next) as number) !== undefined) {
    return undefined;
  }
  const book = new OrderBook();
  let exchangeTimeUs = snapshot.exchangeTimeUs;
  try {
    book.applySnapshot(snapshot.payload);
    for (let i = from; i < deltas.length; i++) {
      const delta = deltas[i] as BookDeltaEnvelope;
      book.applyDelta(delta.payload);
      if (delta.exchangeTimeUs > exchangeTimeUs) exchangeTimeUs = delta.exchangeTimeUs;
    }
  } catch (error) {
    // A level that is not a number: the snapshot is not usable (the deltas passed the checks).
    if (error instanceof InvalidLevelError) return undefined;
    throw error;
  }
  const { checksum: _stale, ...rest } = snapshot;
  return {
    ...rest,
    exchangeTimeUs,
    ...(snapshot.seqId === undefined ? {} : { seqId: currentPosition }),
    ...(snapshot.lastUpdateId === undefined ? {} : { lastUpdateId: currentPosition }),
    payload: { ...snapshot.payload, bids: book.levels('bids'), asks: book.levels('asks') },
  };
}
