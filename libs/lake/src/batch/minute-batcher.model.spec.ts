import { buildLakeKey, type Envelope } from '@tickline/domain';

import {
  binanceDelta,
  coinbaseTrade,
  krakenTrade,
  MINUTE_0,
  MINUTE_US,
} from '../../test/lake-events.fixture';
import { type ClosedWindow, MinuteBatcher } from './minute-batcher.model';

const M1 = MINUTE_0 + MINUTE_US;
const M2 = MINUTE_0 + 2 * MINUTE_US;
const M3 = MINUTE_0 + 3 * MINUTE_US;
const GRACE = 5_000_000;

function exchangeTimes(window: ClosedWindow): number[] {
  return window.lines
    .ordered()
    .text.toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as Envelope).exchangeTimeUs);
}

function pushAll(batcher: MinuteBatcher, events: readonly Envelope[]): string[] {
  return events.map((event) => batcher.push(event));
}

describe('MinuteBatcher', () => {
  describe('window assignment', () => {
    it('cuts windows at exact UTC minute boundaries of the exchange timestamp', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      pushAll(batcher, [
        binanceDelta(MINUTE_0, 10),
        binanceDelta(M1 - 1, 13),
        binanceDelta(M1, 16),
        binanceDelta(M2 - 1, 19),
      ]);
      batcher.flush();
      const windows = batcher.takeClosed();
      expect(windows.map((w) => [w.startUs, w.endUs, w.eventCount])).toEqual([
        [MINUTE_0, M1, 2],
        [M1, M2, 2],
      ]);
      expect(exchangeTimes(windows[0] as ClosedWindow)).toEqual([MINUTE_0, M1 - 1]);
      expect(exchangeTimes(windows[1] as ClosedWindow)).toEqual([M1, M2 - 1]);
    });

    it('uses the exchange timestamp, never the receive time', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      // Stamped 0.5 s before the minute ends, received 2 s after it ended.
      batcher.push(binanceDelta(M1 - 500_000, 10, { lagUs: 2_500_000 }));
      batcher.flush();
      const [window] = batcher.takeClosed();
      expect(window?.startUs).toBe(MINUTE_0);
      expect(buildLakeKey({ ...(window as ClosedWindow).stream, windowStartUs: MINUTE_0 })).toBe(
        'raw/primary/book_delta/binance/NKN-USDT/year=2023/month=11/day=14/binance_NKN-USDT_book_delta_20231114T2213.ndjson.gz',
      );
    });

    it('keeps streams apart by system, type, venue and market', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      pushAll(batcher, [
        binanceDelta(MINUTE_0 + 1, 10),
        binanceDelta(MINUTE_0 + 2, 10, { system: 'replica' }),
        coinbaseTrade(MINUTE_0 + 3, 100),
        { ...coinbaseTrade(MINUTE_0 + 4, 101), symbol: 'ETH-USD', market: 'ETH-USD' },
        krakenTrade(MINUTE_0 + 5, '354.11'),
      ]);
      expect(batcher.stats()).toMatchObject({ streams: 5, openWindows: 5, bufferedEvents: 5 });
      batcher.flush();
      const streams = batcher.takeClosed().map((w) => w.stream);
      expect(streams).toEqual([
        { system: 'primary', type: 'book_delta', venue: 'binance', market: 'NKN-USDT' },
        { system: 'replica', type: 'book_delta', venue: 'binance', market: 'NKN-USDT' },
        { system: 'primary', type: 'trade', venue: 'coinbase', market: 'BTC-USD' },
        { system: 'primary', type: 'trade', venue: 'coinbase', market: 'ETH-USD' },
        { system: 'primary', type: 'trade', venue: 'kraken', market: 'XMR-USD' },
      ]);
    });
  });

  describe('closing by the exchange clock', () => {
    it('closes a window once the stream clock reaches its end plus the grace', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      batcher.push(binanceDelta(MINUTE_0 + 10_000_000, 10));
      batcher.push(binanceDelta(M1 + GRACE - 1, 13));
      expect(batcher.closedWaiting).toBe(0);
      batcher.push(binanceDelta(M1 + GRACE, 16));
      expect(batcher.closedWaiting).toBe(1);
      const [window] = batcher.takeClosed();
      expect(window).toMatchObject({
        startUs: MINUTE_0,
        closedBy: 'watermark',
        watermarkUs: M1 + GRACE,
      });
      expect(batcher.stats()).toMatchObject({ openWindows: 1, bufferedEvents: 2 });
    });

    it('puts an event stamped out of order within the grace into its own minute', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      pushAll(batcher, [
        binanceDelta(MINUTE_0 + 1_000, 10),
        binanceDelta(M1 + 2_000_000, 13),
        binanceDelta(M1 - 1_000_000, 16),
      ]);
      batcher.flush();
      const [first, second] = batcher.takeClosed();
      expect(exchangeTimes(first as ClosedWindow)).toEqual([MINUTE_0 + 1_000, M1 - 1_000_000]);
      expect(exchangeTimes(second as ClosedWindow)).toEqual([M1 + 2_000_000]);
    });

    it('counts an event whose window already closed as late and keeps it out', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      batcher.push(binanceDelta(MINUTE_0 + 1_000, 10));
      batcher.push(binanceDelta(M1 + GRACE, 13));
      expect(batcher.push(binanceDelta(M1 - 1, 16))).toBe('late');
      expect(batcher.stats()).toMatchObject({ late: 1, accepted: 2 });
      const [closed] = batcher.takeClosed();
      expect(closed?.eventCount).toBe(1);
    });

    it('watches each stream on its own clock', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      batcher.push(binanceDelta(MINUTE_0 + 1_000, 10));
      batcher.push(coinbaseTrade(M3, 100));
      expect(batcher.closedWaiting).toBe(0);
    });

    it('closes windows of idle streams when the clock is advanced', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      batcher.push(binanceDelta(MINUTE_0 + 1_000, 10));
      batcher.push(coinbaseTrade(MINUTE_0 + 2_000, 100));
      batcher.advanceWatermark(binanceDelta(0 + MINUTE_0, 0), M1 + GRACE);
      expect(batcher.takeClosed().map((w) => w.stream.venue)).toEqual(['binance']);
      batcher.advanceAllWatermarks(M1 + GRACE);
      const [coinbase] = batcher.takeClosed();
      expect(coinbase).toMatchObject({ closedBy: 'watermark', stream: { venue: 'coinbase' } });
      // The clock never goes back.
      batcher.advanceAllWatermarks(MINUTE_0);
      expect(batcher.push(coinbaseTrade(MINUTE_0 + 3_000, 101))).toBe('late');
    });
  });

  describe('partial windows', () => {
    it('marks the window the stream started in as not seen from its start, the next one complete', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      pushAll(batcher, [
        coinbaseTrade(MINUTE_0 + 30_000_000, 100),
        coinbaseTrade(M1 + 1_000, 101),
        coinbaseTrade(M2 + GRACE, 102),
      ]);
      const [first, second] = batcher.takeClosed();
      expect(first).toMatchObject({
        fromStart: false,
        complete: false,
        partialReasons: ['not_from_start'],
      });
      expect(second).toMatchObject({ fromStart: true, complete: true, partialReasons: [] });
    });

    it('treats a window as complete when the subscription took effect before it began', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = coinbaseTrade(0 + MINUTE_0, 0);
      batcher.markContinuous(stream, M1 - 1);
      // The first trade comes late in the minute: nothing was missed before it.
      pushAll(batcher, [coinbaseTrade(M1 + 50_000_000, 100), coinbaseTrade(M2 + GRACE, 101)]);
      const [window] = batcher.takeClosed();
      expect(window).toMatchObject({ startUs: M1, complete: true });
    });

    it('does not trust a subscription that took effect at or after the window start', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      batcher.markContinuous(coinbaseTrade(MINUTE_0, 0), M1);
      pushAll(batcher, [coinbaseTrade(M1 + 50_000_000, 100), coinbaseTrade(M2 + GRACE, 101)]);
      expect(batcher.takeClosed()[0]).toMatchObject({ startUs: M1, complete: false });
    });

    it('starts continuity at the first event when that is earlier than the declared time', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      batcher.markContinuous(coinbaseTrade(MINUTE_0, 0), M1 + 10_000_000);
      pushAll(batcher, [
        coinbaseTrade(M1 + 5_000_000, 100),
        coinbaseTrade(M2 + 1_000, 101),
        coinbaseTrade(M3 + GRACE, 102),
      ]);
      const closed = batcher.takeClosed();
      expect(closed.map((w) => [w.startUs, w.complete])).toEqual([
        [M1, false],
        [M2, true],
      ]);
    });

    it('marks the window of a gap and resumes completeness from the next minute', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = coinbaseTrade(MINUTE_0, 0);
      batcher.markContinuous(stream, MINUTE_0 - 1);
      pushAll(batcher, [
        coinbaseTrade(MINUTE_0 + 1_000, 100),
        coinbaseTrade(MINUTE_0 + 20_000_000, 101),
      ]);
      batcher.reportGap(stream, { reason: 'gap', expected: 102, received: 105 });
      pushAll(batcher, [
        coinbaseTrade(MINUTE_0 + 21_000_000, 105),
        coinbaseTrade(M1 + 1_000, 106),
        coinbaseTrade(M2 + GRACE, 107),
      ]);
      const [gapped, next] = batcher.takeClosed();
      expect(gapped).toMatchObject({
        startUs: MINUTE_0,
        complete: false,
        fromStart: true,
        partialReasons: ['gap'],
        gapCount: 1,
        gaps: [
          { reason: 'gap', afterExchangeUs: MINUTE_0 + 20_000_000, expected: 102, received: 105 },
        ],
      });
      expect(next).toMatchObject({ startUs: M1, complete: true });
      expect(batcher.stats().gaps).toBe(1);
    });

    it('marks every window the missing range reaches, up to where the stream resumed', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = binanceDelta(MINUTE_0, 0);
      batcher.markContinuous(stream, MINUTE_0 - 1);
      batcher.push(binanceDelta(MINUTE_0 + 1_000, 10));
      batcher.push(binanceDelta(M1 + 50_000_000, 13));
      batcher.reportGap(stream, { reason: 'resync' });
      // Resynced only in the minute after next: the minute in between was not seen from its start.
      pushAll(batcher, [
        binanceDelta(M2 + 10_000_000, 40),
        binanceDelta(M3 + 1_000, 43),
        binanceDelta(M3 + MINUTE_US + GRACE, 46),
      ]);
      const closed = batcher.takeClosed();
      expect(closed.map((w) => [w.startUs, w.partialReasons])).toEqual([
        [MINUTE_0, []],
        [M1, ['gap']],
        [M2, ['not_from_start']],
        [M3, []],
      ]);
    });

    it('marks open windows that end after an explicit last good time', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = binanceDelta(MINUTE_0, 0);
      batcher.markContinuous(stream, MINUTE_0 - 1);
      batcher.push(binanceDelta(MINUTE_0 + 1_000, 10));
      batcher.push(binanceDelta(M1 + 1_000, 13));
      batcher.reportGap(stream, { reason: 'reconnect', afterExchangeUs: MINUTE_0 + 59_000_000 });
      batcher.flush();
      expect(batcher.takeClosed().map((w) => w.partialReasons.includes('gap'))).toEqual([
        true,
        true,
      ]);
    });

    it('on flush keeps windows the clock passed complete and marks the others ended early', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = binanceDelta(MINUTE_0, 0);
      batcher.markContinuous(stream, MINUTE_0 - 1);
      pushAll(batcher, [binanceDelta(MINUTE_0 + 1_000, 10), binanceDelta(M1 + 1_000_000, 13)]);
      batcher.flush();
      const [passed, current] = batcher.takeClosed();
      expect(passed).toMatchObject({ closedBy: 'flush', complete: true });
      expect(current).toMatchObject({
        closedBy: 'flush',
        complete: false,
        partialReasons: ['ended_early'],
      });
    });

    it('gives each partial window the exact ranges it may miss: before the start, across a break, after an early close', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = binanceDelta(MINUTE_0, 0);
      pushAll(batcher, [
        binanceDelta(MINUTE_0 + 20_000_000, 10),
        binanceDelta(MINUTE_0 + 30_000_000, 11),
      ]);
      batcher.reportGap(stream, { reason: 'gap', expected: 12, received: 15 });
      pushAll(batcher, [
        binanceDelta(MINUTE_0 + 40_000_000, 15),
        binanceDelta(M1 + 1_000, 16),
        binanceDelta(M2 + GRACE, 17),
        binanceDelta(M2 + 20_000_000, 18),
      ]);
      batcher.flush();
      const closed = batcher.takeClosed();
      expect(closed.map((w) => [w.startUs, w.missing])).toEqual([
        [
          MINUTE_0,
          [
            { fromUs: MINUTE_0, toUs: MINUTE_0 + 20_000_000 },
            { fromUs: MINUTE_0 + 30_000_000, toUs: MINUTE_0 + 40_000_000 },
          ],
        ],
        [M1, []],
        [M2, [{ fromUs: M2 + 20_000_000, toUs: M3 }]],
      ]);
      expect(closed[1]).toMatchObject({ complete: true });
    });

    it('with requireMark, restarts continuity only at markContinuous, not at the next event', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = binanceDelta(MINUTE_0, 0);
      batcher.requireMark(stream);
      // Diffs before the book sync lined them up: they may follow a hole.
      pushAll(batcher, [binanceDelta(MINUTE_0 + 1_000, 10), binanceDelta(M1 + 5_000_000, 11)]);
      batcher.markContinuous(stream, M1 + 5_000_000);
      batcher.push(binanceDelta(M2 + 1_000, 12));
      batcher.reportGap(stream, { reason: 'gap', expected: 13, received: 20 });
      // After the break, more diffs come before the resync: still not continuous.
      pushAll(batcher, [binanceDelta(M3 + 1_000, 20), binanceDelta(M3 + 50_000_000, 21)]);
      batcher.markContinuous(stream, M3 + 50_000_000);
      pushAll(batcher, [
        binanceDelta(M3 + MINUTE_US + 1_000, 22),
        binanceDelta(M3 + 2 * MINUTE_US + GRACE, 23),
      ]);
      const closed = batcher.takeClosed();
      expect(closed.map((w) => [w.startUs, w.partialReasons, w.missing])).toEqual([
        [MINUTE_0, ['not_from_start'], [{ fromUs: MINUTE_0, toUs: M1 }]],
        [M1, ['not_from_start'], [{ fromUs: M1, toUs: M1 + 5_000_000 }]],
        [M2, ['gap'], [{ fromUs: M2 + 1_000, toUs: M3 }]],
        [M3, ['not_from_start'], [{ fromUs: M3, toUs: M3 + 50_000_000 }]],
        [M3 + MINUTE_US, [], []],
      ]);
    });

    it('with requireMark, a late mark earlier than an open window makes it seen from its start', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = binanceDelta(MINUTE_0, 0);
      batcher.requireMark(stream);
      // Diffs buffered while the snapshot was on its way reach into the next minute...
      pushAll(batcher, [binanceDelta(MINUTE_0 + 40_000_000, 10), binanceDelta(M1 + 2_000, 11)]);
      // ... then the sync proves them complete from a diff of the first minute on.
      batcher.markContinuous(stream, MINUTE_0 + 40_000_000);
      batcher.push(binanceDelta(M2 + GRACE, 12));
      expect(batcher.takeClosed().map((w) => [w.startUs, w.complete, w.missing])).toEqual([
        [MINUTE_0, false, [{ fromUs: MINUTE_0, toUs: MINUTE_0 + 40_000_000 }]],
        [M1, true, []],
      ]);
    });

    it('after a stream is flushed, treats its closed minutes as late and restarts continuity', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const stream = krakenTrade(MINUTE_0, '1');
      batcher.markContinuous(stream, MINUTE_0 - 1);
      batcher.push(krakenTrade(MINUTE_0 + 1_000, '354.11'));
      batcher.flushStream(stream);
      expect(batcher.push(krakenTrade(MINUTE_0 + 2_000, '354.12'))).toBe('late');
      pushAll(batcher, [krakenTrade(M1 + 1_000, '354.13'), krakenTrade(M2 + GRACE, '354.14')]);
      const closed = batcher.takeClosed();
      expect(closed.map((w) => [w.startUs, w.partialReasons])).toEqual([
        [MINUTE_0, ['ended_early']],
        [M1, ['not_from_start']],
      ]);
    });
  });

  describe('bounded memory', () => {
    it('signals pressure at the high-water mark and rejects beyond the bound, counting both', () => {
      const batcher = new MinuteBatcher({
        graceUs: GRACE,
        maxBufferedEvents: 4,
        highWaterRatio: 0.5,
      });
      const stream = binanceDelta(MINUTE_0, 0);
      batcher.markContinuous(stream, MINUTE_0 - 1);
      expect(pushAll(batcher, [binanceDelta(MINUTE_0 + 1, 10)])).toEqual(['accepted']);
      expect(batcher.underPressure).toBe(false);
      expect(pushAll(batcher, [binanceDelta(MINUTE_0 + 2, 13)])).toEqual(['accepted']);
      expect(batcher.underPressure).toBe(true);
      expect(
        pushAll(batcher, [
          binanceDelta(MINUTE_0 + 3, 16),
          binanceDelta(MINUTE_0 + 4, 19),
          binanceDelta(MINUTE_0 + 5, 22),
          binanceDelta(MINUTE_0 + 6, 25),
        ]),
      ).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
      expect(batcher.stats()).toMatchObject({
        accepted: 4,
        rejected: 2,
        pressureEpisodes: 1,
        bufferedEvents: 4,
        // One break for the first rejection; the second falls in the same break.
        gaps: 1,
      });
    });

    it('keeps the clock moving while full, so windows close and the budget frees', () => {
      const batcher = new MinuteBatcher({
        graceUs: GRACE,
        maxBufferedEvents: 2,
        highWaterRatio: 1,
      });
      const stream = binanceDelta(MINUTE_0, 0);
      batcher.markContinuous(stream, MINUTE_0 - 1);
      pushAll(batcher, [binanceDelta(MINUTE_0 + 1, 10), binanceDelta(MINUTE_0 + 2, 13)]);
      expect(batcher.push(binanceDelta(MINUTE_0 + 3, 16))).toBe('rejected');
      // Rejected too, but its time closes the first window.
      expect(batcher.push(binanceDelta(M1 + GRACE, 19))).toBe('rejected');
      expect(batcher.underPressure).toBe(true);
      const [window] = batcher.takeClosed();
      expect(window).toMatchObject({
        eventCount: 2,
        complete: false,
        partialReasons: ['gap'],
        gaps: [{ reason: 'overflow', afterExchangeUs: MINUTE_0 + 2 }],
      });
      expect(batcher.underPressure).toBe(false);
      expect(batcher.stats()).toMatchObject({ bufferedEvents: 0, bufferedBytes: 0 });
      // Continuity restarts with the next accepted event: its window is partial, the next complete.
      pushAll(batcher, [binanceDelta(M1 + GRACE + 1, 22), binanceDelta(M2 + 1, 25)]);
      batcher.flush();
      expect(batcher.takeClosed().map((w) => w.partialReasons)).toEqual([
        ['not_from_start'],
        ['ended_early'],
      ]);
    });

    it('bounds the estimated bytes as well as the count', () => {
      const batcher = new MinuteBatcher({ graceUs: GRACE, maxBufferedBytes: 1_000 });
      const results = pushAll(
        batcher,
        Array.from({ length: 10 }, (_, i) => binanceDelta(MINUTE_0 + i, 10 + 3 * i)),
      );
      const accepted = results.filter((r) => r === 'accepted').length;
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(10);
      expect(batcher.stats().bufferedBytes).toBeGreaterThanOrEqual(1_000);
      expect(batcher.stats().rejected).toBe(10 - accepted);
    });
  });

  it('rejects nonsensical options', () => {
    expect(() => new MinuteBatcher({ graceUs: -1 })).toThrow(RangeError);
    expect(() => new MinuteBatcher({ maxBufferedEvents: 0 })).toThrow(RangeError);
    expect(() => new MinuteBatcher({ highWaterRatio: 1.5 })).toThrow(RangeError);
  });
});
