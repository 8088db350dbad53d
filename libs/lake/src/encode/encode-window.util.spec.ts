import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

import { type Envelope, parseReplicaNeutralJson } from '@tickline/domain';

import {
  asReplica,
  binanceDiffs,
  coinbaseTrade,
  krakenTrade,
  MINUTE_0,
  MINUTE_US,
} from '../../test/lake-events.fixture';
import { type ClosedWindow, MinuteBatcher } from '../batch/minute-batcher.model';
import {
  encodeLakeEvents,
  encodeLakeEventsSync,
  encodeWindow,
  encodeWindowSync,
} from './encode-window.util';

function closedWindows(events: readonly Envelope[]): readonly ClosedWindow[] {
  const batcher = new MinuteBatcher({ graceUs: 5_000_000 });
  for (const event of events) batcher.push(event);
  batcher.flush();
  return batcher.takeClosed();
}

function linesOf(body: Buffer): string[] {
  return gunzipSync(body).toString('utf8').split('\n');
}

describe('canonical object bytes', () => {
  // Three minutes of Binance diffs, 20 per second.
  const primary = binanceDiffs(MINUTE_0, 3_600, 50_000);

  it('are byte-identical for two replicas with different ids and receive clocks', async () => {
    const replica = primary.map((event, i) =>
      asReplica(event, 'ingestor-replica-1', 900 + (i % 7) * 1_300),
    );
    const a = closedWindows(primary);
    const b = closedWindows(replica);
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(3);
    for (let i = 0; i < a.length; i++) {
      const left = await encodeWindow(a[i] as ClosedWindow);
      const right = await encodeWindow(b[i] as ClosedWindow);
      expect(left.eventCount).toBe(1_200);
      expect(right.body.equals(left.body)).toBe(true);
      expect(right.md5Hex).toBe(left.md5Hex);
      expect(right.contentSha256).toBe(left.contentSha256);
      // The per-replica facts stay in the window description, not in the bytes.
      expect(right.window.receiveLagMinUs).not.toBe(left.window.receiveLagMinUs);
    }
  });

  it('hold replica-neutral canonical lines, each terminated, in lake order', () => {
    const [window] = closedWindows(primary.slice(0, 3));
    const encoded = encodeWindowSync(window as ClosedWindow);
    const lines = linesOf(encoded.body);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe(
      '{"v":1,"venue":"binance","symbol":"NKNUSDT","market":"NKN-USDT","type":"book_delta",' +
        `"exchangeTimeUs":${MINUTE_0},"firstUpdateId":998,"lastUpdateId":1000,"system":"primary",` +
        '"payload":{"bids":[["0.35130000","0.00000000"]],"asks":[]}}',
    );
    expect(lines[0]).not.toContain('receiveTimeUs');
    expect(lines[0]).not.toContain('ingester');
    const text = gunzipSync(encoded.body);
    expect(encoded.uncompressedBytes).toBe(text.length);
    expect(encoded.contentSha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(encoded.md5Hex).toBe(createHash('md5').update(encoded.body).digest('hex'));
  });

  it('sort events that arrived out of order, so arrival order does not change the bytes', async () => {
    const events = primary.slice(0, 500);
    const shuffled = [...events].reverse();
    const inOrder = await encodeLakeEvents(events);
    const reversed = await encodeLakeEvents(shuffled);
    expect(reversed.body.equals(inOrder.body)).toBe(true);
    const ids = linesOf(inOrder.body)
      .filter((line) => line !== '')
      .map((line) => parseReplicaNeutralJson(line).lastUpdateId);
    expect(ids).toEqual(events.map((event) => event.lastUpdateId));
  });

  it('orders by sequence, then exchange time, then trade id', () => {
    const trades = [
      coinbaseTrade(MINUTE_0 + 9_000, 12),
      coinbaseTrade(MINUTE_0 + 1_000, 11),
      coinbaseTrade(MINUTE_0 + 5_000, 10),
    ];
    const lines = linesOf(encodeLakeEventsSync(trades).body).filter((line) => line !== '');
    expect(lines.map((line) => parseReplicaNeutralJson(line).seqId)).toEqual([10, 11, 12]);
  });

  it('keeps arrival order among events equal on every key (one Kraken frame)', () => {
    const frame = [krakenTrade(MINUTE_0 + 7, '354.20'), krakenTrade(MINUTE_0 + 7, '354.10')];
    const lines = linesOf(encodeLakeEventsSync(frame).body).filter((line) => line !== '');
    expect(lines.map((line) => JSON.parse(line).payload.price)).toEqual(['354.20', '354.10']);
  });

  it('drops a resent identified event but keeps two identical unidentified fills', () => {
    const trade = coinbaseTrade(MINUTE_0 + 1_000, 10);
    const deduped = encodeLakeEventsSync([
      trade,
      coinbaseTrade(MINUTE_0 + 2_000, 11),
      asReplica(trade, 'x', 5),
    ]);
    expect(deduped.eventCount).toBe(2);
    expect(deduped.duplicates).toBe(1);
    const fill = krakenTrade(MINUTE_0 + 7, '354.20');
    const twins = encodeLakeEventsSync([fill, { ...fill }]);
    expect(twins.eventCount).toBe(2);
    expect(twins.duplicates).toBe(0);
  });

  it('writes an empty window as an empty gzip member', () => {
    const empty = encodeLakeEventsSync([]);
    expect(empty.eventCount).toBe(0);
    expect(gunzipSync(empty.body).length).toBe(0);
  });

  it('gives the same bytes synchronously and on the thread pool', async () => {
    const events = primary.slice(0, 1_000);
    expect((await encodeLakeEvents(events)).body.equals(encodeLakeEventsSync(events).body)).toBe(
      true,
    );
    expect(MINUTE_US).toBe(60_000_000);
  });
});
