import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { captureFiles, fixturePath, VENUE_CAPTURES } from '../../test/support/fixtures.util';
import { must } from '../../test/support/must.util';
import { BUNDLED_RECORDINGS_DIR } from '../bundled-recordings';
import { BYBIT_SYNTHETIC } from '../synthetic/bybit-synthetic.constants';
import { syntheticRecording } from '../synthetic/synthetic-recording.util';
import { recordingsFromCaptures } from './capture-import.util';
import { loadRecordings, parseRecordingText, recordingToText } from './recording-file.util';
import type { Recording } from './recording.schema';

function convert(venue: keyof typeof VENUE_CAPTURES) {
  const { recordings, reports } = recordingsFromCaptures(captureFiles(...VENUE_CAPTURES[venue]));
  expect(recordings).toHaveLength(1);
  return { recording: recordings[0] as Recording, report: reports[0] };
}

function roles(recording: Recording): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of recording.records) counts[record.r] = (counts[record.r] ?? 0) + 1;
  return counts;
}

describe('converting captures into recordings', () => {
  it('binance: REST snapshots join the depth streams they sync; URL streams exist even when silent', () => {
    const { recording, report } = convert('binance');
    expect(report).toMatchObject({ controlFrames: 0, invalidFrames: 0, unmatchedRest: 0 });
    expect(roles(recording)).toEqual({ delta: 177, data: 88, rest: 4 });
    expect(
      recording.records.filter((record) => record.r === 'rest').map((record) => record.s),
    ).toEqual([
      'nknusdt@depth@100ms',
      'blzeth@depth@100ms',
      'lrcbtc@depth@100ms',
      'runeeur@depth@100ms',
    ]);
    // 4 symbols x depth, bookTicker, kline_1m, aggTrade, from the connection URL.
    expect(recording.header.streams).toHaveLength(16);
    expect(recording.header.streams.find((stream) => stream.key === 'blzeth@aggTrade')).toEqual({
      key: 'blzeth@aggTrade',
      symbol: 'BLZETH',
      channel: 'aggTrade',
      kind: 'trade',
    });
    expect(recording.header.sources).toEqual(['BINANCE.ws.1.0', 'BINANCE.http.0.0']);
  });

  it('coinbase: snapshots, updates, matches; last_match and the first ticker are subscribe-time state', () => {
    const { recording, report } = convert('coinbase');
    expect(report).toMatchObject({ controlFrames: 3, sentFrames: 3 });
    expect(roles(recording)).toEqual({
      snapshot: 10,
      delta: 9719,
      data: 97 + 107 - 10,
      latest: 10 + 10,
    });
    expect(recording.header.streams).toHaveLength(30);
  });

  it('kraken: two files merge into one recording; acks name the silent trade streams', () => {
    const { recording, report } = convert('kraken');
    expect(report).toMatchObject({ controlFrames: 1 + 10 + 30 + 1 + 10 + 31, sentFrames: 2 });
    expect(roles(recording)).toEqual({ snapshot: 10, delta: 4269, data: 8 });
    expect(recording.header.streams).toHaveLength(20);
    expect(
      recording.header.streams.find((stream) => stream.key === 'trade:WAVES/EUR'),
    ).toMatchObject({
      channelId: 1665,
      kind: 'trade',
    });
    expect(recording.header.streams.find((stream) => stream.key === 'book-1000:XBT/CHF')).toEqual({
      key: 'book-1000:XBT/CHF',
      symbol: 'XBT/CHF',
      channel: 'book',
      kind: 'book',
      channelId: 464,
      depth: 1000,
    });
    const times = recording.records.map((record) => record.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('bitstamp: a REST snapshot of a pair that never sent a diff still makes its book', () => {
    const { recording, report } = convert('bitstamp');
    expect(report).toMatchObject({ controlFrames: 20, sentFrames: 20, unmatchedRest: 0 });
    expect(roles(recording)).toEqual({ rest: 10, delta: 717, data: 10 });
    expect(recording.header.streams.filter((stream) => stream.kind === 'book')).toHaveLength(10);
  });

  it('okx: books snapshots and updates; the first trades and tickers per instrument are state', () => {
    const { recording } = convert('okx');
    expect(roles(recording)).toEqual({ snapshot: 3, delta: 287, data: 28 + 74 - 6, latest: 6 });
  });

  it('keeps every frame byte for byte and reads back what it writes', () => {
    const { recording } = convert('okx');
    const okxLines = readFileSync(fixturePath('OKX.ws.1.0'), 'utf8').split('\n');
    for (const record of recording.records) {
      expect(okxLines.some((line) => line.endsWith(`: ${record.f}`))).toBe(true);
    }
    expect(parseRecordingText(recordingToText(recording))).toEqual(recording);
  });

  it('rejects recordings whose header or records are malformed', () => {
    const { recording } = convert('binance');
    const text = recordingToText(recording);
    expect(() => parseRecordingText(text.replace('"version":1', '"version":2'), 'x')).toThrow(
      'invalid recording header',
    );
    expect(() =>
      parseRecordingText(text.replace('"s":"nknusdt@depth@100ms"', '"s":"nope"'), 'x'),
    ).toThrow('stream nope is not in the header');
  });
});

describe('the bundled recordings', () => {
  it('are exactly what scripts/build-recordings.ts makes from the captures (rebuild after changes)', () => {
    const expected = new Map<string, Recording>();
    for (const files of Object.values(VENUE_CAPTURES)) {
      // The script reads the capture folder in name order.
      const [recording] = recordingsFromCaptures(captureFiles(...[...files].sort()), {
        description:
          'Real captures (cryptofeed sample_data, MIT), converted by scripts/build-recordings.ts.',
      }).recordings;
      expected.set(must(recording).header.name, must(recording));
    }
    const bybit = syntheticRecording(BYBIT_SYNTHETIC.options, BYBIT_SYNTHETIC.durationUs);
    expected.set(bybit.header.name, bybit);
    for (const [name, recording] of expected) {
      const bundled = gunzipSync(
        readFileSync(join(BUNDLED_RECORDINGS_DIR, `${name}.ndjson.gz`)),
      ).toString('utf8');
      expect({ name, same: bundled === recordingToText(recording) }).toEqual({ name, same: true });
    }
  });

  it('load as one recording per venue, for all six venues', () => {
    const loaded = loadRecordings([BUNDLED_RECORDINGS_DIR]);
    expect([...loaded.keys()].sort()).toEqual([
      'binance',
      'bitstamp',
      'bybit',
      'coinbase',
      'kraken',
      'okx',
    ]);
  });
});
