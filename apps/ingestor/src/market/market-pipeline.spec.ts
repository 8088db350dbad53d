import path from 'node:path';

import type { BookEnvelope, Envelope, Venue } from '@tickline/domain';
import {
  createVenueAdapter,
  readCapture,
  type CaptureLine,
  type ResyncReason,
} from '@tickline/venues';

import type { AlertInput } from './ingest-sinks.interface';
import { MarketPipeline, type MarketHost } from './market-pipeline';

const FIXTURES = path.resolve(__dirname, '../../../..', '..', 'shared', 'fixtures', 'venues');
const CONTEXT = { system: 'primary' as const, ingesterId: 'ingestor-test' };

/** A host that records everything and answers snapshot requests from the captured REST responses. */
class RecordingHost implements MarketHost {
  readonly published: Envelope[] = [];
  readonly alertsRaised: AlertInput[] = [];
  readonly snapshotRequests: string[] = [];
  readonly resubscribes: string[] = [];
  readonly counts = {
    gaps: 0,
    missing: 0,
    resyncs: [] as ResyncReason[],
    drops: [] as string[],
    periodic: 0,
  };
  readonly sink = { publish: (envelope: Envelope) => void this.published.push(envelope) };
  readonly alerts = { alert: (input: AlertInput) => void this.alertsRaised.push(input) };
  readonly metrics = {
    gap: (_venue: Venue, missing: number) => {
      this.counts.gaps += 1;
      this.counts.missing += missing;
    },
    resync: (_venue: Venue, reason: ResyncReason) => void this.counts.resyncs.push(reason),
    drop: (_venue: Venue, reason: string) => void this.counts.drops.push(reason),
    snapshot: (_venue: Venue, source: 'venue' | 'periodic') => {
      if (source === 'periodic') this.counts.periodic += 1;
    },
  };
  requestSnapshot(market: MarketPipeline): void {
    this.snapshotRequests.push(market.symbol);
  }
  resubscribeBook(market: MarketPipeline): void {
    this.resubscribes.push(market.symbol);
  }
  readonly snapshotAtVenueTime = false;
  readonly ownSnapshots: number[] = [];
  ownSnapshot(_market: MarketPipeline, event: BookEnvelope): void {
    this.ownSnapshots.push(event.exchangeTimeUs);
  }
  exchangeClockUs: number | undefined;
  readonly continuous: { symbol: string; sinceUs: number; type: string }[] = [];
  bookContinuous(market: MarketPipeline, event: BookEnvelope, sinceUs: number): void {
    this.continuous.push({ symbol: market.symbol, sinceUs, type: event.type });
  }
  readonly breaks: { symbol: string; reason: string; afterUs: number; revealedAtUs: number }[] = [];
  breakBookStream(
    market: MarketPipeline,
    event: BookEnvelope,
    reason: string,
    afterUs: number,
  ): void {
    this.breaks.push({
      symbol: market.symbol,
      reason,
      afterUs,
      revealedAtUs: event.exchangeTimeUs,
    });
  }
}

function binanceRun(
  options: { skip?: (line: CaptureLine, index: number) => boolean; intervalUs?: number } = {},
) {
  const adapter = createVenueAdapter('binance', { tradeStream: 'aggTrade' });
  const mapper = adapter.createMapper(CONTEXT);
  const host = new RecordingHost();
  const markets = new Map<string, MarketPipeline>();
  const marketOf = (symbol: string) => {
    let market = markets.get(symbol);
    if (!market) {
      market = new MarketPipeline(
        'binance',
        symbol,
        adapter.createBookSync(symbol),
        host,
        options.intervalUs ?? 0,
      );
      markets.set(symbol, market);
    }
    return market;
  };
  // Snapshots are handed over at the point in the capture where their response arrived.
  const lines = [
    ...readCapture(path.join(FIXTURES, 'BINANCE.ws.1.0')),
    ...readCapture(path.join(FIXTURES, 'BINANCE.http.0.0')),
  ].sort((a, b) => a.timeUs - b.timeUs);
  let bad = 0;
  lines.forEach((line, index) => {
    if (options.skip?.(line, index)) return;
    if (line.kind === 'received') {
      const result = mapper.map(line.body, line.timeUs);
      if (result.kind === 'error') bad += 1;
      if (result.kind === 'events')
        for (const event of result.events) {
          host.exchangeClockUs = Math.max(host.exchangeClockUs ?? 0, event.exchangeTimeUs);
          marketOf(event.symbol).handle(event);
        }
    } else if (line.kind === 'http' && line.url) {
      const request = adapter.snapshot?.parseUrl(line.url);
      if (!request) return;
      const result = mapper.mapSnapshot?.(request, line.body, line.timeUs);
      if (result?.kind === 'events')
        for (const event of result.events) marketOf(event.symbol).handle(event);
    }
  });
  return { host, markets, bad, lines };
}

describe('per-market pipeline on the Binance capture', () => {
  it('publishes every envelope, syncs all four books with no gap and asks for each snapshot once', () => {
    const { host, markets, bad } = binanceRun();
    expect(bad).toBe(0);
    expect(host.counts.gaps).toBe(0);
    expect(host.counts.resyncs).toEqual([]);
    expect(host.alertsRaised).toEqual([]);
    expect([...markets.keys()].sort()).toEqual(['BLZETH', 'LRCBTC', 'NKNUSDT', 'RUNEEUR']);
    expect([...host.snapshotRequests].sort()).toEqual(['BLZETH', 'LRCBTC', 'NKNUSDT', 'RUNEEUR']);
    for (const market of markets.values()) expect(market.synced).toBe(true);
    const types = host.published.map((event) => event.type);
    expect(types.filter((type) => type === 'book_delta')).toHaveLength(177);
    expect(types.filter((type) => type === 'trade')).toHaveLength(2);
    expect(types.filter((type) => type === 'book_snapshot')).toHaveLength(4);
    expect(host.counts.drops.filter((reason) => reason === 'stale')).toHaveLength(5);
  });

  it('stamps REST snapshots (which carry no venue time) with the venue exchange clock', () => {
    const { host } = binanceRun();
    const snapshots = host.published.filter((event) => event.type === 'book_snapshot');
    expect(snapshots).toHaveLength(4);
    for (const snapshot of snapshots) {
      const before = host.published.slice(0, host.published.indexOf(snapshot));
      const clock = Math.max(...before.map((event) => event.exchangeTimeUs));
      expect(snapshot.exchangeTimeUs).toBe(clock);
      expect(snapshot.exchangeTimeUs).not.toBe(snapshot.receiveTimeUs);
    }
    // Each is this replica's own: the lake keeps its window out of the canonical key.
    expect(host.ownSnapshots).toEqual(snapshots.map((snapshot) => snapshot.exchangeTimeUs));
  });

  it('declares each book stream complete from the first diff applied after its REST snapshot', () => {
    const { host } = binanceRun();
    // Binance REST snapshots carry no venue time: the first applied diff proves continuity.
    expect(host.continuous.map((entry) => entry.symbol).sort()).toEqual([
      'BLZETH',
      'LRCBTC',
      'NKNUSDT',
      'RUNEEUR',
    ]);
    for (const entry of host.continuous) {
      expect(entry.type).toBe('book_delta');
      const snapshotAt = host.published.findIndex(
        (event) => event.type === 'book_snapshot' && event.symbol === entry.symbol,
      );
      const firstAfter = host.published
        .slice(snapshotAt)
        .find(
          (event) =>
            event.type === 'book_delta' &&
            event.symbol === entry.symbol &&
            (event.lastUpdateId ?? 0) >
              (host.published[snapshotAt]?.lastUpdateId ?? Number.POSITIVE_INFINITY),
        );
      expect(entry.sinceUs).toBe(firstAfter?.exchangeTimeUs);
    }
  });

  it('alerts a gap at once with the exact missing range and resyncs from a REST snapshot', () => {
    const nkn = (line: CaptureLine) =>
      line.kind === 'received' &&
      line.body.includes('"s":"NKNUSDT"') &&
      line.body.includes('depthUpdate');
    const { lines } = binanceRun();
    const nknDiffs = lines.map((line, index) => ({ line, index })).filter(({ line }) => nkn(line));
    // Drop the 6th NKNUSDT diff, well after the book synced.
    const victim = nknDiffs[5];
    if (!victim) throw new Error('capture has fewer NKNUSDT diffs than expected');
    const dropped = JSON.parse(victim.line.body).data as { U: number; u: number };
    const { host } = binanceRun({ skip: (_line, index) => index === victim.index });

    expect(host.counts.gaps).toBe(1);
    expect(host.counts.resyncs).toEqual(['gap']);
    const gap = host.alertsRaised.find((alert) => alert.kind === 'gap');
    expect(gap).toMatchObject({
      venue: 'binance',
      symbol: 'NKNUSDT',
      severity: 'critical',
      detail: { missingFrom: dropped.U, missingTo: dropped.u, count: dropped.u - dropped.U + 1 },
    });
    expect(host.alertsRaised.map((alert) => alert.kind)).toEqual(['gap', 'resync']);
    // The lake learns where continuity broke: after the last diff before the dropped one.
    const before = nknDiffs[4]?.line;
    const lastGoodUs = before ? Number(JSON.parse(before.body).data.E) * 1000 : NaN;
    expect(host.breaks).toEqual([
      { symbol: 'NKNUSDT', reason: 'gap', afterUs: lastGoodUs, revealedAtUs: expect.any(Number) },
    ]);
    // The diffs after the gap do not prove anything until a new snapshot (never answered in
    // this run) lines them up again: continuity was declared once, before the gap.
    const nknContinuity = host.continuous.filter((entry) => entry.symbol === 'NKNUSDT');
    expect(nknContinuity).toHaveLength(1);
    expect(nknContinuity[0]?.sinceUs).toBeLessThanOrEqual(lastGoodUs);
    // First sync, then the resync's fetch.
    expect(host.snapshotRequests.filter((symbol) => symbol === 'NKNUSDT')).toHaveLength(2);
    // The raw stream still carries everything that arrived.
    expect(host.published.filter((event) => event.type === 'book_delta')).toHaveLength(176);
  });

  it('writes book snapshots into the stream at exchange-time interval boundaries', () => {
    const { host } = binanceRun({ intervalUs: 5_000_000 });
    // REST snapshots carry their requested depth; the periodic ones are the whole kept book.
    const periodic = host.published.filter(
      (event) => event.type === 'book_snapshot' && event.payload.depth === undefined,
    );
    expect(periodic.length).toBe(host.counts.periodic);
    expect(periodic.length).toBeGreaterThan(0);
    for (const snapshot of periodic) {
      if (snapshot.type !== 'book_snapshot') continue;
      const before = host.published.slice(0, host.published.indexOf(snapshot));
      const previous = before.filter((event) => event.symbol === snapshot.symbol).at(-1);
      expect(previous?.type).toBe('book_delta');
      expect(snapshot.exchangeTimeUs).toBe(previous?.exchangeTimeUs);
      expect(snapshot.lastUpdateId).toBe(previous?.lastUpdateId);
      expect(Math.floor(snapshot.exchangeTimeUs / 5_000_000)).toBeGreaterThan(
        Math.floor(
          (before.filter((e) => e.symbol === snapshot.symbol).at(-2)?.exchangeTimeUs ?? 0) /
            5_000_000,
        ),
      );
      expect(snapshot.payload.bids.length).toBeGreaterThan(0);
    }
  });
});
