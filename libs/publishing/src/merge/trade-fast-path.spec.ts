import { gunzipSync } from 'node:zlib';

import type { ReplicaNeutralEnvelope, System } from '@tickline/domain';
import { compareLakeEvents, decodeLakeObject } from '@tickline/lake';

import {
  DAY_START,
  inputObject,
  mergeToMemory,
  MINUTE_US,
  ndjsonGzip,
} from '../../test/publishing-events.fixture';
import { appendCsvLines } from '../csv/csv-row.util';
import type { MergeInputObject } from './day-merge.util';
import { decodeLakeObjectFast } from './fast-lake-decode.util';
import { compareOrdered, orderedEvent } from './merge-order.util';
import { naturalKeyOf } from './natural-key.util';
import { scanTradeObject } from './trade-line-scan.util';
import { TradeRows } from './trade-rows.model';

// The columnar fast path of trade files (byte scanner, typed dedupe table, packed sort keys,
// byte CSV writer) against the generic path (envelopes, `naturalKeyOf`, `compareOrdered`,
// `appendCsvLines`) and against a naive reference, on randomized days: duplicates across
// primary, replica and partial objects, equal timestamps, ids numeric, zero-padded, textual,
// with commas or missing (multiset rule), trades without a sequence number, out-of-order and
// broken objects that force the fallback.

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Market = 'BTC-USD' | 'ETH-USD';
const MARKETS: readonly Market[] = ['BTC-USD', 'ETH-USD'];

function randomTrade(random: () => number, market: Market, minute: number): ReplicaNeutralEnvelope {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Few distinct times, ids and prices, so equal timestamps and equal keys are common.
  const time = DAY_START + minute * MINUTE_US + pick([0, 1, 7, 999_999, 30_000_000, MINUTE_US - 1]);
  const idKind = random();
  const n = Math.floor(random() * 12);
  const tradeId =
    idKind < 0.5
      ? String(n)
      : idKind < 0.6
        ? `00${n}`
        : idKind < 0.7
          ? `t-${n}`
          : idKind < 0.75
            ? `a,${n}`
            : idKind < 0.8
              ? String(9_007_199_254_740_000 + n)
              : undefined;
  return {
    v: 1,
    venue: 'coinbase',
    symbol: random() < 0.9 ? market : `${market.replace('-', '')}.x`,
    market,
    type: 'trade',
    exchangeTimeUs: time,
    ...(random() < 0.7 ? { seqId: Math.floor(random() * 5) } : {}),
    system: 'primary',
    payload: {
      price: pick(['1', '1.50', '0.1', '61240.12']),
      size: pick(['0.001', '2']),
      side: pick(['buy', 'sell'] as const),
      ...(tradeId === undefined ? {} : { tradeId }),
    },
  };
}

function randomDay(seed: number, options: { disorder: boolean }): { objects: MergeInputObject[] } {
  const random = mulberry32(seed);
  const objects: MergeInputObject[] = [];
  for (const market of MARKETS) {
    for (let minute = 0; minute < 3; minute++) {
      const pool = Array.from({ length: 1 + Math.floor(random() * 25) }, () =>
        randomTrade(random, market, minute),
      );
      const variants: [System, string | undefined][] = [
        ['primary', undefined],
        ['replica', undefined],
        ['primary', 'ingestor-b'],
      ];
      for (const [system, partialOf] of variants) {
        if (random() < 0.2) continue;
        const events = pool
          .filter(() => random() < 0.7)
          .map((event) => ({ ...event, system }))
          .sort(compareLakeEvents);
        // Repeat some events inside the object (equal keys within one object).
        for (let i = 0; i < events.length; i++) {
          if (random() < 0.1) events.splice(i + 1, 0, events[i] as ReplicaNeutralEnvelope);
        }
        if (options.disorder && random() < 0.3) events.reverse();
        const lines: (ReplicaNeutralEnvelope | string)[] = [...events];
        if (options.disorder && random() < 0.1) lines.push('{"v":1,');
        objects.push(inputObject(system, market, minute, ndjsonGzip(lines), partialOf));
      }
    }
  }
  // Any input order: the merge sorts its inputs.
  for (let i = objects.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [objects[i], objects[j]] = [objects[j] as MergeInputObject, objects[i] as MergeInputObject];
  }
  return { objects };
}

/** Union with the multiset rule, the file order and the CSV lines, written out plainly. */
function naiveCsv(objects: readonly MergeInputObject[], bodies: Map<string, Buffer>): string {
  const rank = (o: MergeInputObject): string =>
    `${o.parts.system === 'primary' ? 0 : 1}${o.parts.partial === undefined ? 0 : 1}${o.key}`;
  const ordered = [...objects].sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
  const byMinute = new Map<number, MergeInputObject[]>();
  for (const object of ordered) {
    const list = byMinute.get(object.parts.windowStartUs) ?? [];
    list.push(object);
    byMinute.set(object.parts.windowStartUs, list);
  }
  let csv = '';
  for (const minute of [...byMinute.keys()].sort((a, b) => a - b)) {
    const most = new Map<string, number>();
    const kept: ReplicaNeutralEnvelope[] = [];
    for (const object of byMinute.get(minute) ?? []) {
      const events = decodeLakeObject(object.key, bodies.get(object.key) as Buffer).events;
      const here = new Map<string, number>();
      for (const event of events) {
        const key = naturalKeyOf(event);
        const n = (here.get(key) ?? 0) + 1;
        here.set(key, n);
        if (n > (most.get(key) ?? 0)) {
          most.set(key, n);
          kept.push(event);
        }
      }
    }
    const sorted = kept.map((event, i) => orderedEvent(event, i)).sort(compareOrdered);
    const lines: string[] = [];
    for (const { event } of sorted) appendCsvLines(event, lines);
    csv += lines.join('');
  }
  return csv;
}

describe('trade fast path', () => {
  it.each(Array.from({ length: 40 }, (_, seed) => seed))(
    'writes the same bytes and manifest as the generic path, and the naive rows (seed %i)',
    async (seed) => {
      const { objects } = randomDay(seed, { disorder: seed % 4 === 3 });
      const bodies = new Map<string, Buffer>();
      for (const object of objects) bodies.set(object.key, await object.load());
      const fast = await mergeToMemory(objects);
      // A custom decoder turns the fast path off: this is the generic path.
      const generic = await mergeToMemory(objects, { decode: decodeLakeObjectFast });
      expect(fast.gzip.equals(generic.gzip)).toBe(true);
      expect(fast.manifest).toEqual(generic.manifest);
      const text = gunzipSync(fast.gzip).toString('utf8');
      expect(text.slice(text.indexOf('\n') + 1)).toBe(naiveCsv(objects, bodies));
    },
  );

  it('takes the fast path for clean objects', async () => {
    const { objects } = randomDay(7, { disorder: false });
    for (const object of objects) {
      const text = gunzipSync(await object.load());
      expect(scanTradeObject(text, object.parts, new TradeRows(), 0)).toBe(true);
    }
  });

  it('never accepts a line the lake decoder would reject or read differently', () => {
    const random = mulberry32(99);
    const parts = inputObject('primary', 'BTC-USD', 0, Buffer.alloc(0)).parts;
    const key = inputObject('primary', 'BTC-USD', 0, Buffer.alloc(0)).key;
    // A 40-digit price sits on the decimal length limit: one more digit must be refused.
    const base = JSON.stringify({
      ...randomTrade(random, 'BTC-USD', 0),
      seqId: 12,
      payload: { price: '1'.repeat(40), size: '0.5', side: 'sell', tradeId: '42' },
    });
    const alphabet = '{}[]":,.-0123456789eE abcdefgtruxyz\\\u00e9';
    let accepted = 0;
    for (let i = 0; i < 8_000; i++) {
      let line = base;
      for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) {
        const at = Math.floor(random() * line.length);
        const ch = alphabet[Math.floor(random() * alphabet.length)] as string;
        const op = random();
        line =
          op < 0.4
            ? line.slice(0, at) + ch + line.slice(at + 1)
            : op < 0.7
              ? line.slice(0, at) + ch + line.slice(at)
              : line.slice(0, at) + line.slice(at + 1);
      }
      const body = Buffer.from(`${line}\n`);
      const rows = new TradeRows();
      if (!scanTradeObject(body, parts, rows, 0)) continue;
      accepted++;
      const decoded = decodeLakeObject(key, ndjsonGzip([line]));
      expect({ line, issues: decoded.issues }).toEqual({ line, issues: [] });
      const event = decoded.events[0] as ReplicaNeutralEnvelope & { type: 'trade' };
      expect(rows.count).toBe(1);
      expect(rows.time[0]).toBe(event.exchangeTimeUs);
      expect(Number.isNaN(rows.seq[0]) ? undefined : rows.seq[0]).toBe(event.seqId);
      expect(rows.tradeId(0)).toBe(event.payload.tradeId ?? '');
      expect(rows.text(0, rows.priceStart[0] as number, rows.priceEnd[0] as number)).toBe(
        event.payload.price,
      );
      expect(rows.text(0, rows.sizeStart[0] as number, rows.sizeEnd[0] as number)).toBe(
        event.payload.size,
      );
      expect(rows.side[0] === 0 ? 'buy' : 'sell').toBe(event.payload.side);
      expect(rows.text(0, rows.symStart[0] as number, rows.symEnd[0] as number)).toBe(event.symbol);
    }
    // The mutations must leave some lines valid, or the check above proves nothing.
    expect(accepted).toBeGreaterThan(100);
  });
});
