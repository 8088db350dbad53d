import path from 'node:path';

import type { Venue } from '@tickline/domain';
import {
  type BookSync,
  type CaptureLine,
  createVenueAdapter,
  readCapture,
  type VenueMapper,
} from '@tickline/venues';

import { defineBenchmark } from './lib/benchmark.types';
import { measureThroughput } from './lib/measure.util';
import { mulberry32 } from './lib/seeded-random.util';

// Venue frame -> domain envelopes (JSON.parse, field checks, exact decimals, timestamps to µs),
// one core. Per venue on its real capture, replayed frame by frame in order (the mix of data,
// acks and heartbeats the venue really sent); Bybit, which has no capture, on its documented
// message shapes. Two synthetic figures size the goals: Binance trade frames, and
// Binance diff-depth frames with 20 levels. A last figure runs Kraken's checksum-verifying book
// sync over its capture.

const FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'venues');
const CONTEXT = { system: 'primary', ingesterId: 'bench-0' } as const;

interface Frames {
  readonly bodies: string[];
  readonly timesUs: number[];
}

function framesOf(...captures: string[]): Frames {
  const lines: CaptureLine[] = captures
    .flatMap((capture) => readCapture(path.join(FIXTURES, capture)))
    .filter((line) => line.kind === 'received');
  return { bodies: lines.map((line) => line.body), timesUs: lines.map((line) => line.timeUs) };
}

const SYMBOLS = [
  'BTCUSDT',
  'ETHUSDT',
  'NKNUSDT',
  'LRCBTC',
  'SOLUSDT',
  'BLZETH',
  'RUNEEUR',
  'XRPUSDT',
];

/** Binance `@trade` frames as the combined stream sends them. */
function binanceTrades(count: number): Frames {
  const random = mulberry32(7);
  const bodies: string[] = [];
  const timesUs: number[] = [];
  let t = 1_700_000_000_000;
  for (let i = 0; i < count; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length] as string;
    t += Math.floor(random() * 20);
    bodies.push(
      JSON.stringify({
        stream: `${symbol.toLowerCase()}@trade`,
        data: {
          e: 'trade',
          E: t + 1,
          s: symbol,
          t: 3_000_000_000 + i,
          p: (30_000 + random() * 1_000).toFixed(2),
          q: (random() * 2).toFixed(8),
          T: t,
          m: random() < 0.5,
          M: true,
        },
      }),
    );
    timesUs.push((t + 3) * 1_000);
  }
  return { bodies, timesUs };
}

/** Binance `@depth@100ms` frames with 10 bid and 10 ask levels each. */
function binanceDepth20(count: number): Frames {
  const random = mulberry32(11);
  const bodies: string[] = [];
  const timesUs: number[] = [];
  let t = 1_700_000_000_000;
  let u = 40_000_000_000;
  const side = (mid: number, sign: number) =>
    Array.from({ length: 10 }, (_, k) => [
      (mid + sign * (k + 1) * 0.01).toFixed(2),
      random() < 0.2 ? '0.00000000' : (random() * 5).toFixed(8),
    ]);
  for (let i = 0; i < count; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length] as string;
    const mid = 30_000 + random() * 100;
    t += 100;
    const first = u + 1;
    u += 1 + Math.floor(random() * 30);
    bodies.push(
      JSON.stringify({
        stream: `${symbol.toLowerCase()}@depth@100ms`,
        data: { e: 'depthUpdate', E: t, s: symbol, U: first, u, b: side(mid, -1), a: side(mid, 1) },
      }),
    );
    timesUs.push((t + 2) * 1_000);
  }
  return { bodies, timesUs };
}

/** Bybit v5 frames in the documented shapes: orderbook deltas (1-5 levels) and trades. */
function bybitFrames(count: number): Frames {
  const random = mulberry32(13);
  const bodies: string[] = [];
  const timesUs: number[] = [];
  let ts = 1_680_673_821_591;
  let u = 20_683_568;
  const levels = () =>
    Array.from({ length: 1 + Math.floor(random() * 5) }, () => [
      (28_550 + random() * 10).toFixed(2),
      (random() * 2).toFixed(3),
    ]);
  for (let i = 0; i < count; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length] as string;
    ts += 20;
    bodies.push(
      i % 3 === 0
        ? JSON.stringify({
            topic: `publicTrade.${symbol}`,
            type: 'snapshot',
            ts,
            data: [
              {
                T: ts - 2,
                s: symbol,
                S: random() < 0.5 ? 'Buy' : 'Sell',
                v: (random() * 2).toFixed(3),
                p: (28_550 + random() * 10).toFixed(2),
                L: 'PlusTick',
                i: `4c7b6bdc-b4a3-5716-9c7b-${String(i).padStart(12, '0')}`,
                BT: false,
              },
            ],
          })
        : JSON.stringify({
            topic: `orderbook.50.${symbol}`,
            type: 'delta',
            ts,
            data: { s: symbol, b: levels(), a: levels(), u: ++u, seq: 10_916_156_551 + 2 * i },
            cts: ts - 3,
          }),
    );
    timesUs.push((ts + 4) * 1_000);
  }
  return { bodies, timesUs };
}

function throughput(mapper: VenueMapper, frames: Frames): number {
  const n = frames.bodies.length;
  // Fail loudly if the inputs stop mapping (a benchmark of errors would be meaningless).
  let errors = 0;
  for (let i = 0; i < n; i++) {
    if (mapper.map(frames.bodies[i] as string, frames.timesUs[i] as number).kind === 'error')
      errors++;
  }
  if (errors > 0)
    throw new Error(`${mapper.venue}: ${errors} of ${n} benchmark frames failed to map`);
  return Math.round(
    measureThroughput((i) => {
      const k = i % n;
      return mapper.map(frames.bodies[k] as string, frames.timesUs[k] as number).kind === 'events';
    }).medianPerSecond,
  );
}

function mapperOf(venue: Venue, options: unknown = {}): VenueMapper {
  return createVenueAdapter(venue, options).createMapper(CONTEXT);
}

export default defineBenchmark({
  name: 'venues-normalize',
  description:
    'Venue frame text to domain envelopes on one core: every venue on its real capture (Bybit on its documented shapes), Binance trade and 20-level depth frames, and the Kraken checksum-verifying book sync.',
  figures: {
    'venues.binance_normalize_msgs_per_s': {
      unit: 'frames/s',
      description: 'BINANCE.ws.1.0 (depth diffs, bookTicker, klines, aggTrades)',
    },
    'venues.coinbase_normalize_msgs_per_s': {
      unit: 'frames/s',
      description: 'COINBASE.ws.28.0 (l2update, snapshots, matches, tickers)',
    },
    'venues.kraken_normalize_msgs_per_s': {
      unit: 'frames/s',
      description: 'KRAKEN.ws.50.0 + 48.0 (book-1000 updates and snapshots, trades, heartbeats)',
    },
    'venues.bitstamp_normalize_msgs_per_s': {
      unit: 'frames/s',
      description: 'BITSTAMP.ws.1.0 (order book diffs, trades)',
    },
    'venues.okx_normalize_msgs_per_s': {
      unit: 'frames/s',
      description: 'OKX.ws.1.0 (books snapshots and updates, trades, tickers)',
    },
    'venues.bybit_normalize_msgs_per_s': {
      unit: 'frames/s',
      description:
        'Bybit v5 documented shapes: 2/3 orderbook deltas of 1-5 levels a side, 1/3 trades',
    },
    'ingest.normalize_trades_msgs_per_s': {
      unit: 'frames/s',
      goal: { min: 300_000 },
      description: 'Binance @trade frames (one trade each)',
    },
    'ingest.normalize_depth_msgs_per_s': {
      unit: 'frames/s',
      goal: { min: 100_000 },
      description: 'Binance @depth@100ms frames with 10 bid and 10 ask levels',
    },
    'venues.kraken_book_sync_msgs_per_s': {
      unit: 'events/s',
      description:
        'Kraken book envelopes through the sync machine: L2 book update, depth truncation, CRC32 verify',
    },
  },
  async run() {
    const results: Record<string, number> = {
      'venues.binance_normalize_msgs_per_s': throughput(
        mapperOf('binance'),
        framesOf('BINANCE.ws.1.0'),
      ),
      'venues.coinbase_normalize_msgs_per_s': throughput(
        mapperOf('coinbase'),
        framesOf('COINBASE.ws.28.0'),
      ),
      'venues.kraken_normalize_msgs_per_s': throughput(
        mapperOf('kraken'),
        framesOf('KRAKEN.ws.50.0', 'KRAKEN.ws.48.0'),
      ),
      'venues.bitstamp_normalize_msgs_per_s': throughput(
        mapperOf('bitstamp'),
        framesOf('BITSTAMP.ws.1.0'),
      ),
      'venues.okx_normalize_msgs_per_s': throughput(mapperOf('okx'), framesOf('OKX.ws.1.0')),
      'venues.bybit_normalize_msgs_per_s': throughput(
        mapperOf('bybit', { category: 'linear', bookDepth: 50 }),
        bybitFrames(4_096),
      ),
      'ingest.normalize_trades_msgs_per_s': throughput(mapperOf('binance'), binanceTrades(4_096)),
      'ingest.normalize_depth_msgs_per_s': throughput(mapperOf('binance'), binanceDepth20(4_096)),
    };

    // The Kraken book sync: mapped once, then the book envelopes replayed through fresh machines
    // (each pass starts from the snapshots, as after a reconnect).
    const kraken = createVenueAdapter('kraken');
    const mapper = kraken.createMapper(CONTEXT);
    const frames = framesOf('KRAKEN.ws.50.0');
    const events = frames.bodies.flatMap((body, i) => {
      const result = mapper.map(body, frames.timesUs[i] as number);
      return result.kind === 'events' ? result.events.filter((e) => e.type !== 'trade') : [];
    });
    let syncs = new Map<string, BookSync>();
    const sync = (i: number): boolean => {
      const k = i % events.length;
      if (k === 0) syncs = new Map();
      const event = events[k];
      if (!event) return false;
      let machine = syncs.get(event.symbol);
      if (!machine) {
        machine = kraken.createBookSync(event.symbol);
        syncs.set(event.symbol, machine);
      }
      const [decision] = machine.handle(event);
      if (decision?.action !== 'apply') throw new Error(`kraken sync: ${decision?.action}`);
      return decision.checksumVerified;
    };
    results['venues.kraken_book_sync_msgs_per_s'] = Math.round(
      measureThroughput(sync, { batch: 100 }).medianPerSecond,
    );
    return results;
  },
});
