import type { BookEnvelope, Envelope, Venue } from '@tickline/domain';

import { readCapture } from '../src/capture/capture-line.util';
import type { BookSync, SyncDecision } from '../src/core/venue-adapter.interface';
import { createVenueAdapter } from '../src/registry';
import { fixturePath } from './fixtures.util';

// The properties fixtures/README.md states about the bundled captures, checked through this
// library's mappers and book-sync machines: the captures are the ground truth, so a mapping or
// sync bug shows up here as a gap, a failed checksum or a wrong drop.

interface Replay {
  readonly events: Envelope[];
  readonly decisions: Map<string, SyncDecision[]>;
}

/** Replays captures in receive order (REST snapshots interleaved with frames) through sync. */
function replay(venue: Venue, captures: readonly string[]): Replay {
  const adapter = createVenueAdapter(venue);
  const mapper = adapter.createMapper({ system: 'primary', ingesterId: 'fixture-check' });
  const lines = captures
    .flatMap((capture) => readCapture(fixturePath(capture)))
    .filter((line) => line.kind === 'received' || line.kind === 'http')
    .sort((a, b) => a.timeUs - b.timeUs);
  const events: Envelope[] = [];
  const syncs = new Map<string, BookSync>();
  const decisions = new Map<string, SyncDecision[]>();
  for (const line of lines) {
    const request = line.kind === 'http' ? adapter.snapshot?.parseUrl(line.url ?? '') : undefined;
    const result =
      line.kind === 'http' && request && mapper.mapSnapshot
        ? mapper.mapSnapshot(request, line.body, line.timeUs)
        : mapper.map(line.body, line.timeUs);
    if (result.kind === 'error') throw result.error;
    if (result.kind !== 'events') continue;
    for (const event of result.events) {
      events.push(event);
      if (event.type === 'trade') continue;
      let sync = syncs.get(event.symbol);
      if (!sync) {
        sync = adapter.createBookSync(event.symbol);
        syncs.set(event.symbol, sync);
        decisions.set(event.symbol, []);
      }
      decisions.get(event.symbol)?.push(...sync.handle(event as BookEnvelope));
    }
  }
  return { events, decisions };
}

function count(
  decisions: readonly SyncDecision[],
  predicate: (d: SyncDecision) => boolean,
): number {
  return decisions.filter(predicate).length;
}

describe('Binance: after the documented sync rule every diff chains, for all four symbols', () => {
  const { decisions } = replay('binance', ['BINANCE.http.0.0', 'BINANCE.ws.1.0']);

  it('syncs NKNUSDT, BLZETH, LRCBTC and RUNEEUR with zero gaps', () => {
    expect([...decisions.keys()].sort()).toEqual(['BLZETH', 'LRCBTC', 'NKNUSDT', 'RUNEEUR']);
    for (const [symbol, list] of decisions) {
      expect({ symbol, resyncs: count(list, (d) => d.action === 'resync') }).toEqual({
        symbol,
        resyncs: 0,
      });
    }
  });

  it('drops exactly the diffs the snapshot already holds (u <= lastUpdateId)', () => {
    const stale = Object.fromEntries(
      [...decisions].map(([symbol, list]) => [
        symbol,
        count(list, (d) => d.action === 'drop' && d.reason === 'stale'),
      ]),
    );
    expect(stale).toEqual({ NKNUSDT: 1, BLZETH: 1, LRCBTC: 2, RUNEEUR: 1 });
    const nkn = decisions.get('NKNUSDT') ?? [];
    expect(nkn.find((d) => d.action === 'drop')?.event).toMatchObject({
      firstUpdateId: 499_869_750,
      lastUpdateId: 499_869_752,
    });
  });

  it('applies the first diff with U <= lastUpdateId+1 <= u and then U == previous u + 1', () => {
    let appliedDiffs = 0;
    for (const list of decisions.values()) {
      const applied = list.filter((d) => d.action === 'apply').map((d) => d.event);
      const snapshot = applied[0];
      expect(snapshot?.type).toBe('book_snapshot');
      let previous = snapshot?.lastUpdateId as number;
      for (const [i, event] of applied.slice(1).entries()) {
        const first = event.firstUpdateId as number;
        const last = event.lastUpdateId as number;
        if (i === 0) {
          expect(first).toBeLessThanOrEqual(previous + 1);
          expect(last).toBeGreaterThanOrEqual(previous + 1);
        } else {
          expect(first).toBe(previous + 1);
        }
        previous = last;
        appliedDiffs++;
      }
    }
    // 177 diffs in the capture, 5 of them older than their snapshot.
    expect(appliedDiffs).toBe(172);
  });
});

describe('Kraken: every update checksum recomputes from the book', () => {
  const { events, decisions } = replay('kraken', ['KRAKEN.ws.50.0']);
  const all = [...decisions.values()].flat();

  it('verifies all 4,269 checksums with no mismatch', () => {
    expect(events.filter((e) => e.type === 'book_delta' && e.checksum !== undefined)).toHaveLength(
      4_269,
    );
    expect(count(all, (d) => d.action === 'apply' && d.checksumVerified)).toBe(4_269);
    expect(count(all, (d) => d.action === 'resync')).toBe(0);
    expect(count(all, (d) => d.action === 'apply' && d.event.type === 'book_snapshot')).toBe(10);
  });
});

describe('OKX: every books checksum recomputes from the book', () => {
  const { decisions } = replay('okx', ['OKX.ws.1.0']);
  const all = [...decisions.values()].flat();

  it('verifies all 290 checksums (3 snapshots, 287 updates) with no mismatch', () => {
    expect(count(all, (d) => d.action === 'apply' && d.checksumVerified)).toBe(290);
    expect(
      count(
        all,
        (d) => d.action === 'apply' && d.checksumVerified && d.event.type === 'book_snapshot',
      ),
    ).toBe(3);
    expect(count(all, (d) => d.action !== 'apply')).toBe(0);
  });
});

describe('Bitstamp: diffs at or before the snapshot microtimestamp are dropped', () => {
  const { decisions } = replay('bitstamp', ['BITSTAMP.http.0.0', 'BITSTAMP.ws.1.0']);

  it('drops 2 to 25 diffs per pair and applies the rest in increasing microtimestamp order', () => {
    const stale: Record<string, number> = {};
    for (const [pair, list] of decisions) {
      const snapshotUs = list.find((d) => d.action === 'apply' && d.event.type === 'book_snapshot')
        ?.event.exchangeTimeUs as number;
      const dropped = list.filter((d) => d.action === 'drop');
      const applied = list.filter((d) => d.action === 'apply' && d.event.type === 'book_delta');
      for (const d of dropped) expect(d.event.exchangeTimeUs).toBeLessThanOrEqual(snapshotUs);
      let previous = snapshotUs;
      for (const d of applied) {
        expect(d.event.exchangeTimeUs).toBeGreaterThan(previous);
        previous = d.event.exchangeTimeUs;
      }
      if (dropped.length > 0) stale[pair] = dropped.length;
    }
    // Counted independently from the raw files (sgbeur sent no diff in the capture).
    expect(stale).toEqual({
      adaeur: 5,
      batbtc: 25,
      bateur: 14,
      ethusd: 12,
      galaeur: 2,
      usdteur: 12,
      usdtusd: 13,
      xlmgbp: 13,
      xrpeur: 6,
    });
  });
});

describe('Coinbase: level2 has no sequence; match.sequence is not contiguous per product', () => {
  const { events, decisions } = replay('coinbase', ['COINBASE.ws.28.0']);

  it('applies every l2update after its product snapshot', () => {
    const all = [...decisions.values()].flat();
    expect(count(all, (d) => d.action !== 'apply')).toBe(0);
    const deltas = events.filter((e) => e.type === 'book_delta');
    expect(deltas).toHaveLength(9_719);
    expect(deltas.every((e) => e.seqId === undefined)).toBe(true);
  });

  it('keeps match.sequence as seqId, with steps of 2 to 1,098 within a product', () => {
    const byProduct = new Map<string, number[]>();
    for (const e of events) {
      if (e.type !== 'trade') continue;
      byProduct.set(e.symbol, [...(byProduct.get(e.symbol) ?? []), e.seqId as number]);
    }
    const steps = [...byProduct.values()].flatMap((seqs) =>
      seqs.slice(1).map((s, i) => s - (seqs[i] as number)),
    );
    expect(Math.min(...steps)).toBe(2);
    expect(Math.max(...steps)).toBe(1_098);
  });
});
