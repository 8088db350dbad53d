import { captureFiles, VENUE_CAPTURES } from '../../test/support/fixtures.util';
import type { BookState } from '../book/book-state';
import { VENUE_CODECS } from '../venues/venue-codecs';
import { recordingsFromCaptures } from './capture-import.util';
import { prepareRecording, type PreparedRecording } from './prepared-recording';
import type { Recording } from './recording.schema';

function recording(venue: keyof typeof VENUE_CAPTURES): Recording {
  return recordingsFromCaptures(captureFiles(...VENUE_CAPTURES[venue])).recordings[0] as Recording;
}

function prepare(
  venue: keyof typeof VENUE_CAPTURES,
  edit?: (recording: Recording) => Recording,
): PreparedRecording {
  const original = recording(venue);
  return prepareRecording(edit ? edit(original) : original, VENUE_CODECS[venue]);
}

function totals(prepared: PreparedRecording) {
  const tracks = [...prepared.tracks.values()];
  return {
    books: tracks.length,
    verified: tracks.reduce((sum, track) => sum + track.checksumsVerified, 0),
    failed: tracks.reduce((sum, track) => sum + track.checksumsFailed, 0),
    gaps: tracks.reduce((sum, track) => sum + track.sequenceGaps, 0),
  };
}

function levels(book: BookState) {
  return {
    bids: book.bids.top().map((l) => [l.price, l.size]),
    asks: book.asks.top().map((l) => [l.price, l.size]),
  };
}

describe('preparing a recording', () => {
  it('kraken: all 4,269 recorded checksums recompute from the books', () => {
    expect(totals(prepare('kraken'))).toEqual({ books: 10, verified: 4269, failed: 0, gaps: 0 });
  });

  it('okx: all 290 recorded checksums (3 snapshots, 287 updates) recompute', () => {
    expect(totals(prepare('okx'))).toEqual({ books: 3, verified: 290, failed: 0, gaps: 0 });
  });

  it('binance: every diff chains after the REST snapshot; the first ones are covered by it', () => {
    const prepared = prepare('binance');
    expect(totals(prepared)).toEqual({ books: 4, verified: 0, failed: 0, gaps: 0 });
    for (const track of prepared.tracks.values()) {
      const diffs = prepared.records.filter(
        (record) => record.stream.key === track.stream.key && record.role === 'delta',
      );
      // The diffs received before the snapshot with u <= lastUpdateId (one or two per symbol).
      expect(diffs.length - track.applicable.length).toBeGreaterThanOrEqual(1);
      expect(diffs[0]?.repeats).toBe(false);
    }
  });

  it('bitstamp: 2 to 25 diffs per pair are at or before the REST snapshot and do not apply', () => {
    const prepared = prepare('bitstamp');
    for (const track of prepared.tracks.values()) {
      const diffs = prepared.records.filter(
        (record) => record.stream.key === track.stream.key && record.role === 'delta',
      );
      if (diffs.length === 0) continue;
      const covered = diffs.length - track.applicable.length;
      expect(covered).toBeGreaterThanOrEqual(2);
      expect(covered).toBeLessThanOrEqual(25);
    }
  });

  it('reports a recording whose checksum or sequence is broken', () => {
    const badChecksum = prepare('kraken', (original) => ({
      ...original,
      records: original.records.map((record, index) =>
        index === 100 && record.r === 'delta'
          ? { ...record, f: record.f.replace(/"c":"\d+"/, '"c":"1"') }
          : record,
      ),
    }));
    expect(totals(badChecksum)).toMatchObject({ verified: 4268, failed: 1 });
    const firstApplied = [...prepare('binance').tracks.values()][0]?.applicable[3] as number;
    const gap = prepare('binance', (original) => ({
      ...original,
      records: original.records.filter((_record, index) => index !== firstApplied),
    }));
    expect(totals(gap).gaps).toBe(1);
  });

  it('plans loop bridges that turn the last book back into the first, with counters that continue', () => {
    const prepared = prepare('binance');
    const track = prepared.tracks.get('nknusdt@depth@100ms');
    if (!track) throw new Error('no NKNUSDT track');
    // Applying the bridge to the last book gives the first book back.
    const book = track.end.clone();
    for (const level of track.bridge.changes.bids) book.bids.apply(level);
    for (const level of track.bridge.changes.asks) book.asks.apply(level);
    expect(levels(book)).toEqual(levels(track.baseline));
    // Ids: the bridge covers end+1 .. C+span; loop k+1's first diff starts right after it.
    const span = prepared.familySpans.get('NKNUSDT:book') as number;
    const firstApplied = JSON.parse(
      prepared.records[track.applicable[0] as number]?.text ?? '{}',
    ) as { data: { U: number } };
    expect(track.bridge.context.firstSeq).toBe((track.end.meta.seq as number) + 1);
    expect(track.bridge.book.meta.seq).toBe(firstApplied.data.U - 1 + span);
    expect(track.loopStart.meta.seq).toBe(firstApplied.data.U - 1);
    expect(prepared.loopPeriodSec).toBeGreaterThanOrEqual(
      Math.ceil((prepared.lastUs - prepared.firstUs) / 1e6),
    );
  });
});
