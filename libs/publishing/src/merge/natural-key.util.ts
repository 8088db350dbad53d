import type { ReplicaNeutralEnvelope } from '@tickline/domain';

/**
 * The natural key that says two events are the same venue event. Venue and type are constant
 * within one daily file, so the key starts at the symbol:
 *
 * - trade: the trade id; without one (Kraken WS v1), the whole trade (time, price, size, side,
 *   sequence), since that is all the venue says about it;
 * - book_delta: the sequence fields (seqId, firstUpdateId, lastUpdateId); without any, the
 *   exchange time and the levels;
 * - book_snapshot: the sequence fields and the exchange time (two snapshots of the same update
 *   id taken at different times are both kept); without sequence fields, time and levels.
 *
 * Two identical keys inside ONE object are distinct events (a venue frame can carry two equal
 * key-less trades), so the merge keeps, per key, as many events as the object that holds the
 * most of them: the multiset union of the objects, which for keyed events is plain dedupe.
 */
export function naturalKeyOf(event: ReplicaNeutralEnvelope): string {
  if (event.type === 'trade') {
    const p = event.payload;
    if (p.tradeId !== undefined) return `${event.symbol}\u0000${p.tradeId}`;
    return `${event.symbol}\u0001${event.exchangeTimeUs}\u0000${p.price}\u0000${p.size}\u0000${p.side}\u0000${event.seqId ?? ''}`;
  }
  const seq = `${event.seqId ?? ''}\u0000${event.firstUpdateId ?? ''}\u0000${event.lastUpdateId ?? ''}`;
  const hasSeq =
    event.seqId !== undefined ||
    event.firstUpdateId !== undefined ||
    event.lastUpdateId !== undefined;
  if (hasSeq && event.type === 'book_delta') return `${event.symbol}\u0000${seq}`;
  if (hasSeq) return `${event.symbol}\u0000${seq}\u0000${event.exchangeTimeUs}`;
  return `${event.symbol}\u0001${event.exchangeTimeUs}\u0000${JSON.stringify(event.payload)}`;
}
