import { type Envelope, toCanonicalJson } from '@tickline/domain';

import {
  copyFrom,
  delta,
  rawEvent,
  snapshot,
  testSettings,
  trade,
} from '../../test/envelopes.fixture';
import { PartitionValidator } from './partition-validator.model';
import type { RawEvent } from './raw-event.type';
import type { ValidationResult } from './validation-result.type';

/** mulberry32: small, seedable, good enough to shuffle test inputs reproducibly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One venue stream over several markets, as the venues would send it (no faults). */
function venueStream(next: () => number, length: number): Envelope[] {
  const events: Envelope[] = [
    snapshot('binance', 'BTCUSDT', { lastUpdateId: 1000 }),
    snapshot('bybit', 'BTCUSDT', { lastUpdateId: 50 }),
    snapshot('okx', 'BTC-USDT', { seqId: 10, prevId: -1 }),
    snapshot('coinbase', 'BTC-USD'),
  ];
  let binanceU = 1000;
  let bybitU = 50;
  let okxSeq = 10;
  let binanceTrade = 500;
  for (let i = 1; i <= length; i++) {
    const atMs = i;
    // Prices stay inside the spread of the snapshots (bids below 100, asks above 101): no crossing.
    const bid: [string, string] = [
      `${99 - Math.floor(next() * 5)}.${Math.floor(next() * 10)}`,
      String(Math.floor(next() * 3)),
    ];
    const ask: [string, string] = [
      `${102 + Math.floor(next() * 5)}.${Math.floor(next() * 10)}`,
      String(1 + Math.floor(next() * 3)),
    ];
    switch (Math.floor(next() * 6)) {
      case 0: {
        const first = binanceU + 1;
        binanceU += 1 + Math.floor(next() * 4);
        events.push(
          delta('binance', 'BTCUSDT', {
            firstUpdateId: first,
            lastUpdateId: binanceU,
            bids: [bid],
            atMs,
          }),
        );
        break;
      }
      case 1:
        bybitU += 1;
        events.push(delta('bybit', 'BTCUSDT', { lastUpdateId: bybitU, asks: [ask], atMs }));
        break;
      case 2: {
        const prev = okxSeq;
        okxSeq += next() < 0.2 ? 0 : 1 + Math.floor(next() * 9);
        events.push(
          delta('okx', 'BTC-USDT', {
            seqId: okxSeq,
            prevId: prev === okxSeq ? okxSeq : prev,
            bids: prev === okxSeq ? [] : [bid],
            atMs,
          }),
        );
        break;
      }
      case 3:
        events.push(delta('coinbase', 'BTC-USD', { bids: [bid], asks: [ask], atMs }));
        break;
      case 4:
        binanceTrade += 1;
        events.push(trade('binance', 'BTCUSDT', { tradeId: String(binanceTrade), atMs }));
        break;
      default:
        // Kraken trades have no id; identical fills happen.
        events.push(
          trade('kraken', 'XBT/USD', {
            price: next() < 0.5 ? '30000.1' : '30000.2',
            size: '0.5',
            atMs: atMs - (atMs % 3),
          }),
        );
    }
  }
  return events;
}

/** Events with an identity of their own: a sequence position or a trade id. */
function hasIdentity(event: Envelope): boolean {
  if (event.type === 'trade') return event.payload.tradeId !== undefined;
  return event.venue !== 'coinbase' && event.venue !== 'kraken' && event.venue !== 'bitstamp';
}

/**
 * Both ingesters deliver the whole stream in order (each ingester's events keep their order on
 * the partition), interleaved at random with ingester B up to `maxLag` events behind, and each
 * ingester now and then sends an event with an identity twice. (An id-less event sent twice by
 * one ingester cannot be told from the venue repeating it; see OccurrenceWindow.)
 */
function interleave(next: () => number, stream: Envelope[], maxLag: number): Envelope[] {
  const a = stream;
  const b = stream.map((event) => copyFrom(event, 'ingestor-b', 1, 'replica'));
  const out: Envelope[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA =
      j >= b.length || (i < a.length && i - j < maxLag && (j >= i ? next() < 0.7 : next() < 0.5));
    const event = takeA ? (a[i++] as Envelope) : (b[j++] as Envelope);
    out.push(event);
    if (next() < 0.03 && hasIdentity(event)) out.push(event);
  }
  return out;
}

function validate(target: PartitionValidator, events: RawEvent[]): ValidationResult[] {
  return events.map((event) => target.validate(event));
}

function acceptedValues(results: ValidationResult[]): string[] {
  return results.flatMap((result) => (result.outcome === 'accepted' ? [result.value] : []));
}

/** An accepted result as the valid topic holds it, read back for a state rebuild. */
function asValidRecord(result: ValidationResult): RawEvent[] {
  return result.outcome === 'accepted'
    ? [rawEvent(result.value, { key: result.key, topic: 'md.events.valid.v1' })]
    : [];
}

/** What the venue sent, whichever ingester and system delivered it. */
const neutral = (event: Envelope) =>
  toCanonicalJson({ ...event, system: 'primary' }, { localFields: false });

describe('PartitionValidator over interleaved replicas', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => 1000 + i);

  it.each(seeds)(
    'passes every venue event exactly once and in order, raising nothing (seed %i)',
    (seed) => {
      const next = random(seed);
      const stream = venueStream(next, 300);
      const results = validate(
        new PartitionValidator(testSettings()),
        interleave(next, stream, 40).map((event) => rawEvent(event)),
      );
      const passed = results.flatMap((result) =>
        result.outcome === 'accepted' ? [result.envelope] : [],
      );
      expect(passed.map(neutral)).toEqual(stream.map(neutral));
      expect(results.flatMap((result) => result.alerts)).toEqual([]);
      expect(results.filter((result) => result.outcome === 'rejected')).toEqual([]);
    },
  );

  it.each(seeds)(
    'rebuilt from the valid topic at any point, continues exactly as the original would (seed %i)',
    (seed) => {
      const next = random(seed);
      const input = interleave(next, venueStream(next, 300), 40).map((event) => rawEvent(event));
      const split = Math.floor(next() * input.length);
      const original = new PartitionValidator(testSettings());
      const before = validate(original, input.slice(0, split));
      const after = validate(original, input.slice(split));

      // The full valid topic, and only its tail: both must continue without duplicates.
      for (const tail of [Infinity, 150]) {
        const rebuilt = new PartitionValidator(testSettings());
        const valid = before.flatMap(asValidRecord);
        validate(rebuilt, valid.slice(Math.max(0, valid.length - tail)));
        const resumed = validate(rebuilt, input.slice(split));
        expect(acceptedValues(resumed)).toEqual(acceptedValues(after));
        expect(resumed.flatMap((result) => result.alerts)).toEqual([]);
      }
    },
  );
});
