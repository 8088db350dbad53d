import type { ReplicaNeutralEnvelope } from '@tickline/domain';
import { compareTradeIds, sequenceKeyOf } from '@tickline/lake';

/**
 * The daily file's row order: exchange time, then the sequence key (`seqId`, else
 * `lastUpdateId`; events without one after those with one), then the trade id (numeric ids by
 * value), then the market, then the order the merge met the events in (primary before
 * replica, lake order inside an object). Every key but the last is part of the venue event,
 * so the order does not depend on which system saw what.
 */
export interface OrderedEvent {
  readonly event: ReplicaNeutralEnvelope;
  readonly timeUs: number;
  readonly seq: number;
  readonly tradeId: string;
  readonly index: number;
}

export function orderedEvent(event: ReplicaNeutralEnvelope, index: number): OrderedEvent {
  return {
    event,
    timeUs: event.exchangeTimeUs,
    seq: sequenceKeyOf(event),
    tradeId: event.type === 'trade' ? (event.payload.tradeId ?? '') : '',
    index,
  };
}

export function compareOrdered(a: OrderedEvent, b: OrderedEvent): number {
  if (a.timeUs !== b.timeUs) return a.timeUs - b.timeUs;
  if (a.seq !== b.seq) {
    const aMissing = Number.isNaN(a.seq);
    const bMissing = Number.isNaN(b.seq);
    if (aMissing !== bMissing) return aMissing ? 1 : -1;
    if (!aMissing) return a.seq < b.seq ? -1 : 1;
  }
  if (a.tradeId !== b.tradeId) return compareTradeIds(a.tradeId, b.tradeId);
  const am = a.event.market;
  const bm = b.event.market;
  if (am !== bm) return am < bm ? -1 : 1;
  return a.index - b.index;
}
