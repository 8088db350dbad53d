import type { ReplicaNeutralEnvelope } from '@tickline/domain';

/**
 * The order of events inside a lake object. Every key is a function of the venue's message, so
 * two replicas that received the same events sort them the same way:
 *
 * 1. the sequence key: `seqId` when the event has one, else `lastUpdateId`; events without
 *    either come after those with one (one venue stream never mixes the two);
 * 2. the exchange timestamp;
 * 3. the trade id: all-digit ids by numeric value, other ids after them by code units;
 *    events without an id come first;
 * 4. arrival order (the sort is stable). Events equal on 1-3 are what one venue frame carries
 *    together (Kraken trades of one message, levels stamped in the same microsecond), and every
 *    subscriber receives a venue channel in the same order, so arrival order is both replayable
 *    and replica-neutral.
 */

/** The sequence key of an event, `NaN` when it has none. */
export function sequenceKeyOf(event: {
  readonly seqId?: number | undefined;
  readonly lastUpdateId?: number | undefined;
}): number {
  if (event.seqId !== undefined) return event.seqId;
  if (event.lastUpdateId !== undefined) return event.lastUpdateId;
  return Number.NaN;
}

/** The trade id of an event, `''` when it has none (a real id is never empty). */
export function tradeIdOf(event: ReplicaNeutralEnvelope): string {
  return event.type === 'trade' ? (event.payload.tradeId ?? '') : '';
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}

/** Numeric ids by value (leading zeros ignored), then other ids by code units; `''` first. */
export function compareTradeIds(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return -1;
  if (b === '') return 1;
  const aDigits = isDigits(a);
  const bDigits = isDigits(b);
  if (aDigits && bDigits) {
    let ai = 0;
    let bi = 0;
    while (ai < a.length - 1 && a.charCodeAt(ai) === 48) ai++;
    while (bi < b.length - 1 && b.charCodeAt(bi) === 48) bi++;
    const aLength = a.length - ai;
    const bLength = b.length - bi;
    if (aLength !== bLength) return aLength - bLength;
    for (; ai < a.length; ai++, bi++) {
      const d = a.charCodeAt(ai) - b.charCodeAt(bi);
      if (d !== 0) return d;
    }
    // Same value spelled with different leading zeros: keep the order total.
    return a.length - b.length;
  }
  if (aDigits !== bDigits) return aDigits ? -1 : 1;
  return a < b ? -1 : 1;
}

/** Rules 1-3 on the extracted keys; 0 means "keep arrival order". */
export function compareOrderKeys(
  seqA: number,
  timeA: number,
  idA: string,
  seqB: number,
  timeB: number,
  idB: string,
): number {
  if (seqA !== seqB) {
    const aMissing = Number.isNaN(seqA);
    const bMissing = Number.isNaN(seqB);
    if (aMissing !== bMissing) return aMissing ? 1 : -1;
    if (!aMissing) return seqA < seqB ? -1 : 1;
  }
  if (timeA !== timeB) return timeA < timeB ? -1 : 1;
  return idA === idB ? 0 : compareTradeIds(idA, idB);
}

/** Compares two events by the lake order (rules 1-3). */
export function compareLakeEvents(a: ReplicaNeutralEnvelope, b: ReplicaNeutralEnvelope): number {
  return compareOrderKeys(
    sequenceKeyOf(a),
    a.exchangeTimeUs,
    tradeIdOf(a),
    sequenceKeyOf(b),
    b.exchangeTimeUs,
    tradeIdOf(b),
  );
}
