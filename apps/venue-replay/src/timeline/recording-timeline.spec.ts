import { krakenChecksum, L2Book, okxChecksum } from '@tickline/venues';

import { captureFiles, VENUE_CAPTURES } from '../../test/support/fixtures.util';
import { must } from '../../test/support/must.util';
import { recordingsFromCaptures } from '../recording/capture-import.util';
import { prepareRecording, type PreparedRecording } from '../recording/prepared-recording';
import { BYBIT_SYNTHETIC } from '../synthetic/bybit-synthetic.constants';
import { syntheticRecording } from '../synthetic/synthetic-recording.util';
import { VENUE_CODECS } from '../venues/venue-codecs';
import { RecordingTimeline } from './recording-timeline';
import type { TimelineItem } from './timeline';

const cache = new Map<string, PreparedRecording>();

function prepared(venue: keyof typeof VENUE_CAPTURES | 'bybit'): PreparedRecording {
  let value = cache.get(venue);
  if (!value) {
    const recording =
      venue === 'bybit'
        ? syntheticRecording(BYBIT_SYNTHETIC.options, 20_000_000)
        : recordingsFromCaptures(captureFiles(...VENUE_CAPTURES[venue])).recordings[0];
    value = prepareRecording(must(recording), VENUE_CODECS[venue]);
    cache.set(venue, value);
  }
  return value;
}

/** Plays `loops` full loops (plus the first frames of the next) and returns every frame. */
function play(
  venue: keyof typeof VENUE_CAPTURES | 'bybit',
  loops: number,
  shiftSec = 0,
): TimelineItem[] {
  const timeline = new RecordingTimeline(prepared(venue), shiftSec, true);
  const items: TimelineItem[] = [];
  while (timeline.position().loop <= loops) {
    const item = timeline.next();
    if (!item) break;
    items.push(item);
  }
  return items;
}

function byStream<T>(items: TimelineItem[], stream: string): T[] {
  return items
    .filter((item) => item.stream.key === stream && item.role !== 'latest')
    .map((item) => JSON.parse(item.text) as T);
}

function nonDecreasing(values: number[]): boolean {
  return values.every((value, index) => index === 0 || value >= (values[index - 1] as number));
}

describe('a recording played in loops', () => {
  it('binance: U == previous u + 1 across loop bridges; times and trade ids keep increasing', () => {
    const items = play('binance', 3);
    expect(items.filter((item) => item.role === 'bridge').length).toBeGreaterThanOrEqual(3 * 4);
    for (const stream of [
      'nknusdt@depth@100ms',
      'blzeth@depth@100ms',
      'lrcbtc@depth@100ms',
      'runeeur@depth@100ms',
    ]) {
      const diffs = byStream<{ data: { U: number; u: number; E: number } }>(items, stream).map(
        (frame) => frame.data,
      );
      diffs.slice(1).forEach((diff, index) =>
        expect({ stream, index, U: diff.U }).toEqual({
          stream,
          index,
          U: (diffs[index]?.u ?? 0) + 1,
        }),
      );
      expect(nonDecreasing(diffs.map((diff) => diff.E))).toBe(true);
    }
    const trades = byStream<{ data: { a: number; T: number } }>(items, 'nknusdt@aggTrade').map(
      (frame) => frame.data,
    );
    expect(trades.length).toBeGreaterThan(3);
    trades.slice(1).forEach((trade, index) => expect(trade.a).toBe((trades[index]?.a ?? 0) + 1));
  });

  it('kraken: every update checksum, bridges included, verifies on a client book', () => {
    const items = play('kraken', 2);
    let verified = 0;
    for (const pair of ['XBT/CHF', 'SC/EUR', 'ADA/XBT']) {
      const book = new L2Book();
      for (const frame of byStream<unknown[]>(items, `book-1000:${pair}`)) {
        for (const part of frame.slice(1, -2) as Record<string, string[][] | string>[]) {
          if (part['as'] || part['bs']) {
            book.replace(
              (part['bs'] ?? []) as [string, string][],
              (part['as'] ?? []) as [string, string][],
            );
            continue;
          }
          book.update(
            ((part['b'] ?? []) as string[][]).map((l) => [l[0], l[1]] as [string, string]),
            ((part['a'] ?? []) as string[][]).map((l) => [l[0], l[1]] as [string, string]),
          );
          if (typeof part['c'] === 'string') {
            expect(String(krakenChecksum(book))).toBe(part['c']);
            verified += 1;
          }
        }
      }
    }
    expect(verified).toBeGreaterThan(3 * 2 * 200);
  });

  it('okx: every books checksum verifies across loops', () => {
    const items = play('okx', 2);
    for (const instId of ['BTC-USDT', 'BTC-USD-220527', 'UNI-USD-SWAP']) {
      const book = new L2Book();
      for (const frame of byStream<{
        action: string;
        data: { bids: string[][]; asks: string[][]; checksum: number; ts: string }[];
      }>(items, `books:${instId}`)) {
        const data = frame.data[0];
        const pairs = (levels: string[][]) => levels.map((l) => [l[0], l[1]] as [string, string]);
        if (frame.action === 'snapshot') book.replace(pairs(data.bids), pairs(data.asks));
        else book.update(pairs(data.bids), pairs(data.asks));
        expect(okxChecksum(book)).toBe(data.checksum);
      }
    }
  });

  it('bitstamp: microtimestamps keep increasing per pair across loops', () => {
    const items = play('bitstamp', 2);
    for (const pair of ['ethusd', 'batbtc']) {
      const times = byStream<{ data: { microtimestamp: string } }>(
        items,
        `diff_order_book_${pair}`,
      ).map((frame) => Number(frame.data.microtimestamp));
      expect(times.every((time, index) => index === 0 || time > (times[index - 1] as number))).toBe(
        true,
      );
    }
  });

  it('coinbase: times keep increasing per product; trade ids never repeat', () => {
    const items = play('coinbase', 2);
    const updates = byStream<{ time: string }>(items, 'level2:SKL-USD').filter(
      (frame) => 'time' in frame,
    );
    expect(nonDecreasing(updates.map((frame) => Date.parse(frame.time)))).toBe(true);
    const ids = byStream<{ trade_id: number }>(items, 'matches:SKL-USD').map(
      (frame) => frame.trade_id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(nonDecreasing(ids)).toBe(true);
  });

  it('bybit: u continues by one across loops', () => {
    const items = play('bybit', 2);
    const frames = byStream<{ type: string; data: { u: number } }>(items, 'orderbook.200.BTCUSDT');
    const deltas = frames.filter((frame) => frame.type === 'delta');
    expect(frames[0]?.type).toBe('snapshot');
    deltas.forEach((frame, index) => {
      const previous = index === 0 ? (frames[0]?.data.u ?? 0) : (deltas[index - 1]?.data.u ?? 0);
      expect(frame.data.u).toBe(previous + 1);
    });
  });
});

describe('books at the replay position', () => {
  it('binance: a REST snapshot taken anywhere syncs with the diffs that follow (and shifts ids per loop)', () => {
    const recording = prepared('binance');
    const codec = VENUE_CODECS.binance;
    for (const stopAt of [0, 1, 40, 150, 265 + 12 + 30]) {
      const timeline = new RecordingTimeline(recording, 0, true);
      for (let i = 0; i < stopAt; i += 1) timeline.next();
      const view = timeline.book('nknusdt@depth@100ms');
      if (!view) throw new Error('no book');
      const stream = recording.streams.get('nknusdt@depth@100ms');
      const body =
        stream &&
        codec.renderRest?.(stream, view.state, view.shift, new URLSearchParams({ limit: '5000' }));
      const rest = JSON.parse(body ?? '{}') as {
        lastUpdateId: number;
        bids: [string, string][];
        asks: [string, string][];
      };
      const book = new L2Book();
      book.replace(rest.bids, rest.asks);
      let last = rest.lastUpdateId;
      while (timeline.position().loop < 2) {
        const item = timeline.next();
        if (!item) break;
        if (item.stream.key !== 'nknusdt@depth@100ms') continue;
        const diff = (
          JSON.parse(item.text) as {
            data: { U: number; u: number; b: [string, string][]; a: [string, string][] };
          }
        ).data;
        if (diff.u <= last) continue;
        expect({ stopAt, U: diff.U <= last + 1 }).toEqual({ stopAt, U: true });
        book.update(diff.b, diff.a);
        last = diff.u;
      }
      const end = timeline.book('nknusdt@depth@100ms');
      expect(book.bids.top(500)).toEqual(end?.state.bids.top(500).map((l) => [l.price, l.size]));
      expect(book.asks.top(500)).toEqual(end?.state.asks.top(500).map((l) => [l.price, l.size]));
    }
  });
});
