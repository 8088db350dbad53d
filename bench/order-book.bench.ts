import { isDeepStrictEqual } from 'node:util';

import type { BookDeltaEnvelope, BookLevel, BookSnapshotEnvelope } from '@tickline/domain';
import { DepthView, krakenChecksum, okxChecksum, OrderBook } from '@tickline/order-book';

import { defineBenchmark } from './lib/benchmark.types';
import { measureThroughput } from './lib/measure.util';
import { mulberry32 } from './lib/seeded-random.util';

// The L2 book engine on a realistic workload. The book: 1,000 levels per side on a 0.01 tick
// grid around 30,000.00 (about 80% of ticks occupied, so updates both change and create
// levels). The deltas, like the captures: most touch one or two levels, some a handful, one in
// ten dozens; 80% of level updates land within 25 ticks of the touch, 15% within 250, 5% deep
// (up to 1,250 ticks). An existing level is removed one time in five, an empty tick filled four
// times in five (which keeps the book's size steady), and the rest are zero sizes for levels
// that are not there (normal for Binance). The pool ends with the deltas that restore the
// starting book, so replaying it in a loop is a steady state. Inputs are what a consumer holds:
// envelopes from `JSON.parse`.

const CENTER_TICK = 3_000_000; // 30,000.00 in ticks of 0.01
const SPAN_TICKS = 1_250;
const DELTA_MESSAGES = 60_000;

const priceOf = (tick: number): string => (tick / 100).toFixed(2);

interface Workload {
  readonly snapshot: BookSnapshotEnvelope;
  readonly deltas: readonly BookDeltaEnvelope[];
  readonly levelUpdates: number;
  readonly mix: string;
}

function buildWorkload(): Workload {
  const random = mulberry32(2024);
  const size = (): string => (random() * 20 + 0.0001).toFixed(8);
  const sides = { bids: new Map<number, string>(), asks: new Map<number, string>() };
  for (let offset = 1; offset <= SPAN_TICKS; offset++) {
    if (random() < 0.8) sides.bids.set(CENTER_TICK - offset, size());
    if (random() < 0.8) sides.asks.set(CENTER_TICK + offset, size());
  }
  const initial = { bids: new Map(sides.bids), asks: new Map(sides.asks) };
  const offset = (): number => {
    const r = random();
    if (r < 0.8) return 1 + Math.floor(random() * 25);
    if (r < 0.95) return 25 + Math.floor(random() * 225);
    return 250 + Math.floor(random() * (SPAN_TICKS - 250));
  };
  const levelCount = (): number => {
    const r = random();
    if (r < 0.6) return 1 + Math.floor(random() * 2);
    if (r < 0.9) return 3 + Math.floor(random() * 8);
    return 11 + Math.floor(random() * 30);
  };
  const counts = { change: 0, insert: 0, remove: 0, missing: 0 };
  const payloads: { bids: BookLevel[]; asks: BookLevel[] }[] = [];
  for (let m = 0; m < DELTA_MESSAGES; m++) {
    const payload = { bids: [] as BookLevel[], asks: [] as BookLevel[] };
    for (let k = levelCount(); k > 0; k--) {
      const side = random() < 0.5 ? 'bids' : 'asks';
      const tick = side === 'bids' ? CENTER_TICK - offset() : CENTER_TICK + offset();
      const book = sides[side];
      let next: string;
      if (book.has(tick)) {
        next = random() < 0.2 ? '0' : size();
        counts[next === '0' ? 'remove' : 'change']++;
      } else {
        next = random() < 0.8 ? size() : '0';
        counts[next === '0' ? 'missing' : 'insert']++;
      }
      if (next === '0') book.delete(tick);
      else book.set(tick, next);
      payload[side].push([priceOf(tick), next]);
    }
    payloads.push(payload);
  }
  const restore = (current: Map<number, string>, wanted: Map<number, string>): BookLevel[] => [
    ...[...current.keys()].filter((t) => !wanted.has(t)).map((t): BookLevel => [priceOf(t), '0']),
    ...[...wanted]
      .filter(([t, s]) => current.get(t) !== s)
      .map(([t, s]): BookLevel => [priceOf(t), s]),
  ];
  const restoreBids = restore(sides.bids, initial.bids);
  const restoreAsks = restore(sides.asks, initial.asks);
  for (let i = 0; i < Math.max(restoreBids.length, restoreAsks.length); i += 10) {
    payloads.push({ bids: restoreBids.slice(i, i + 10), asks: restoreAsks.slice(i, i + 10) });
  }

  const base = {
    v: 1 as const,
    venue: 'binance' as const,
    symbol: 'BTCUSDT',
    market: 'BTC-USDT',
    system: 'primary' as const,
    ingesterId: 'ingestor-0',
  };
  let time = 1_700_000_000_000_000;
  let updateId = 500_000_000;
  const deltas = payloads.map((payload): BookDeltaEnvelope => {
    time += 100_000;
    const first = updateId + 1;
    updateId += 1 + payload.bids.length + payload.asks.length;
    return {
      ...base,
      type: 'book_delta',
      exchangeTimeUs: time,
      receiveTimeUs: time + 900,
      firstUpdateId: first,
      lastUpdateId: updateId,
      payload,
    };
  });
  const snapshot: BookSnapshotEnvelope = {
    ...base,
    type: 'book_snapshot',
    exchangeTimeUs: time,
    receiveTimeUs: time,
    lastUpdateId: 500_000_000,
    payload: {
      depth: 1000,
      bids: [...initial.bids].sort((a, b) => b[0] - a[0]).map(([t, s]) => [priceOf(t), s]),
      asks: [...initial.asks].sort((a, b) => a[0] - b[0]).map(([t, s]) => [priceOf(t), s]),
    },
  };
  const levelUpdates = deltas.reduce(
    (sum, delta) => sum + delta.payload.bids.length + delta.payload.asks.length,
    0,
  );
  const total = counts.change + counts.insert + counts.remove + counts.missing;
  const share = (n: number): string => `${((100 * n) / total).toFixed(0)}%`;
  const mix = `${share(counts.change)} changes, ${share(counts.insert)} inserts, ${share(counts.remove)} removals, ${share(counts.missing)} missing removals`;
  // Every string as a consumer sees it: parsed from JSON, not shared with the generator.
  return {
    snapshot: JSON.parse(JSON.stringify(snapshot)) as BookSnapshotEnvelope,
    deltas: JSON.parse(JSON.stringify(deltas)) as BookDeltaEnvelope[],
    levelUpdates,
    mix,
  };
}

export default defineBenchmark({
  name: 'order-book',
  description:
    'L2 book engine: delta application on a 1,000-level book with updates concentrated near the touch, depth-20 reads, snapshot replacement, venue checksums.',
  figures: {
    'book.apply_level_updates_per_s': {
      unit: 'levels/s',
      goal: { min: 5_000_000 },
      description: 'level updates applied through OrderBook.applyEnvelope (one core)',
    },
    'book.depth20_reads_per_s': {
      unit: 'reads/s',
      goal: { min: 1_000_000 },
      description: 'top 20 levels of both sides into a reusable DepthView',
    },
    'book.depth20_export_per_s': {
      unit: 'reads/s',
      description: 'top 20 levels of both sides as a new snapshot payload (toSnapshotPayload(20))',
    },
    'book.snapshot_apply_per_s': {
      unit: 'snapshots/s',
      description: '2 x 1,000-level snapshot replacing the book',
    },
    'book.kraken_checksum_per_s': {
      unit: 'checksums/s',
      description: 'Kraken CRC32 over the top 10 levels per side',
    },
    'book.okx_checksum_per_s': {
      unit: 'checksums/s',
      description: 'OKX CRC32 over the top 25 levels per side',
    },
  },
  async run() {
    const workload = buildWorkload();
    const { deltas, snapshot } = workload;
    const count = deltas.length;
    const levelsPerMessage = workload.levelUpdates / count;
    process.stdout.write(
      `pool: ${count} deltas, ${workload.levelUpdates} level updates (${levelsPerMessage.toFixed(2)} per delta; ${workload.mix}), book of ${snapshot.payload.bids.length} bids and ${snapshot.payload.asks.length} asks\n`,
    );

    const book = new OrderBook();
    book.applyEnvelope(snapshot);
    const start = book.toSnapshotPayload();
    for (const delta of deltas) book.applyEnvelope(delta);
    if (!isDeepStrictEqual(book.toSnapshotPayload(), start)) {
      throw new Error('the delta pool must bring the book back to its starting state');
    }

    // The pool is applied in order, cycle after cycle (the harness's index never restarts).
    const apply = measureThroughput(
      (i) => {
        book.applyEnvelope(deltas[i % count] as BookDeltaEnvelope);
        return false;
      },
      { batch: 200 },
    );

    const reader = new OrderBook();
    reader.applyEnvelope(snapshot);
    const view = new DepthView(20);
    const depth = measureThroughput((i) => {
      reader.readDepth(view);
      return view.bidPrices[i % 20];
    });
    const exported = measureThroughput(() => reader.toSnapshotPayload(20).asks.length);
    const snapshots = measureThroughput(
      () => {
        reader.applyEnvelope(snapshot);
        return reader.levelCount();
      },
      { batch: 10 },
    );
    const kraken = measureThroughput(() => krakenChecksum(reader));
    const okx = measureThroughput(() => okxChecksum(reader));

    process.stdout.write(
      `apply runs: ${apply.perSecondByRun.map((n) => Math.round(n * levelsPerMessage)).join(', ')} levels/s\n`,
    );
    return {
      'book.apply_level_updates_per_s': Math.round(apply.medianPerSecond * levelsPerMessage),
      'book.depth20_reads_per_s': Math.round(depth.medianPerSecond),
      'book.depth20_export_per_s': Math.round(exported.medianPerSecond),
      'book.snapshot_apply_per_s': Math.round(snapshots.medianPerSecond),
      'book.kraken_checksum_per_s': Math.round(kraken.medianPerSecond),
      'book.okx_checksum_per_s': Math.round(okx.medianPerSecond),
    };
  },
});
