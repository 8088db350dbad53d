import type { Venue } from '@tickline/domain';
import { krakenChecksum, L2Book, okxChecksum } from '@tickline/venues';

import { must } from '../../test/support/must.util';
import { prepareRecording } from '../recording/prepared-recording';
import { VENUE_CODECS } from '../venues/venue-codecs';
import { SyntheticFeed, type SyntheticFeedOptions } from './synthetic-feed';
import { syntheticRecording } from './synthetic-recording.util';

const START_US = Date.UTC(2024, 0, 2) * 1000;

function options(
  venue: Venue,
  overrides: Partial<SyntheticFeedOptions> = {},
): SyntheticFeedOptions {
  return {
    venue,
    markets: 4,
    seed: 3,
    startUs: START_US,
    bookUpdatesPerSecond: 20,
    tradesPerSecond: 5,
    ...overrides,
  };
}

type Pair = [string, string];
const pairs = (levels: string[][]): Pair[] => levels.map((level) => [level[0], level[1]] as Pair);

describe('synthetic feed invariants', () => {
  it.each(['binance', 'coinbase', 'kraken', 'bitstamp', 'okx', 'bybit'] as const)(
    '%s: sequences chain and checksums verify (checked by the replay itself)',
    (venue) => {
      const recording = syntheticRecording(options(venue), 20_000_000);
      const prepared = prepareRecording(recording, VENUE_CODECS[venue]);
      const tracks = [...prepared.tracks.values()];
      expect(tracks).toHaveLength(4);
      for (const track of tracks) {
        expect({
          stream: track.stream.key,
          gaps: track.sequenceGaps,
          failed: track.checksumsFailed,
        }).toEqual({
          stream: track.stream.key,
          gaps: 0,
          failed: 0,
        });
        expect(track.applicable.length).toBeGreaterThan(10);
      }
      const times = recording.records.map((record) => record.t);
      expect(times).toEqual([...times].sort((x, y) => x - y));
    },
  );

  it('kraken and okx checksums verify on an independent client book; books never cross', () => {
    for (const venue of ['kraken', 'okx'] as const) {
      const feed = new SyntheticFeed(options(venue));
      const books = new Map<string, L2Book>();
      for (const record of feed.baselines()) {
        const book = new L2Book();
        const frame = JSON.parse(record.f) as unknown;
        if (venue === 'kraken') {
          const body = (frame as [number, { as: string[][]; bs: string[][] }])[1];
          book.replace(pairs(body.bs), pairs(body.as));
        } else {
          const body = (frame as { data: { bids: string[][]; asks: string[][] }[] }).data[0];
          book.replace(pairs(body.bids), pairs(body.asks));
        }
        books.set(record.s, book);
      }
      let checked = 0;
      for (let i = 0; i < 5_000; i += 1) {
        const record = feed.next();
        if (!record || record.r !== 'delta') continue;
        const book = books.get(record.s) as L2Book;
        const frame = JSON.parse(record.f) as unknown;
        if (venue === 'kraken') {
          const parts = (frame as unknown[]).slice(1, -2) as {
            a?: string[][];
            b?: string[][];
            c?: string;
          }[];
          for (const part of parts) book.update(pairs(part.b ?? []), pairs(part.a ?? []));
          expect(String(krakenChecksum(book))).toBe(parts[parts.length - 1]?.c);
        } else {
          const body = (
            frame as { data: { bids: string[][]; asks: string[][]; checksum: number }[] }
          ).data[0];
          book.update(pairs(body.bids), pairs(body.asks));
          expect(okxChecksum(book)).toBe(body.checksum);
        }
        expect(book.isCrossed()).toBe(false);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(1_000);
    }
  });

  it('binance: U continues from the previous u (and the REST lastUpdateId); okx prevSeqId from seqId', () => {
    const binance = new SyntheticFeed(options('binance', { markets: 1 }));
    let last = (JSON.parse(must(binance.baselines()[0]).f) as { lastUpdateId: number })
      .lastUpdateId;
    const okx = new SyntheticFeed(options('okx', { markets: 1 }));
    let seqId = (
      JSON.parse(must(okx.baselines()[0]).f) as { data: { seqId: number; prevSeqId: number }[] }
    ).data[0].seqId;
    for (let i = 0; i < 500; i += 1) {
      const diff = binance.next();
      if (diff?.r === 'delta') {
        const data = (JSON.parse(diff.f) as { data: { U: number; u: number } }).data;
        expect(data.U).toBe(last + 1);
        expect(data.u).toBeGreaterThanOrEqual(data.U);
        last = data.u;
      }
      const update = okx.next();
      if (update?.r === 'delta') {
        const data = (JSON.parse(update.f) as { data: { seqId: number; prevSeqId: number }[] })
          .data[0];
        expect(data.prevSeqId).toBe(seqId);
        expect(data.seqId).toBeGreaterThan(seqId);
        seqId = data.seqId;
      }
    }
  });

  it('bitstamp: microtimestamps strictly increase per pair; trades carry increasing ids', () => {
    const feed = new SyntheticFeed(options('bitstamp', { markets: 2, tradesPerSecond: 50 }));
    const lastTime = new Map<string, number>();
    const lastId = new Map<string, number>();
    for (let i = 0; i < 3_000; i += 1) {
      const record = feed.next();
      if (!record) continue;
      const data = (JSON.parse(record.f) as { data: { microtimestamp: string; id?: number } }).data;
      if (record.r === 'delta') {
        expect(Number(data.microtimestamp)).toBeGreaterThan(lastTime.get(record.s) ?? 0);
        lastTime.set(record.s, Number(data.microtimestamp));
      } else {
        expect(data.id).toBeGreaterThan(lastId.get(record.s) ?? 0);
        lastId.set(record.s, data.id as number);
      }
    }
  });

  it('keeps about `depth` levels per side and realistic activity: busy and quiet markets', () => {
    const feed = new SyntheticFeed(options('bybit', { markets: 30 }));
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i += 1) {
      const record = feed.next();
      if (record) counts.set(record.s, (counts.get(record.s) ?? 0) + 1);
    }
    const book = feed.book('orderbook.200.BTCUSDT');
    expect(book?.bids.length).toBeGreaterThanOrEqual(180);
    expect(book?.bids.length).toBeLessThanOrEqual(200);
    const perMarket = [...counts.entries()]
      .filter(([key]) => key.startsWith('orderbook'))
      .map(([, count]) => count);
    expect(Math.max(...perMarket)).toBeGreaterThan(4 * Math.min(...perMarket));
  });

  it('is deterministic: the same options give the same bytes', () => {
    const first = syntheticRecording(options('kraken'), 3_000_000);
    const second = syntheticRecording(options('kraken'), 3_000_000);
    expect(second).toEqual(first);
    expect(syntheticRecording(options('kraken', { seed: 4 }), 3_000_000)).not.toEqual(first);
  });
});
