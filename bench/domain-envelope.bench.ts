import {
  type Envelope,
  envelopeSchema,
  safeParseCanonicalJson,
  safeParseEnvelope,
  toCanonicalJson,
  type Venue,
} from '@tickline/domain';

import { defineBenchmark } from './lib/benchmark.types';
import { measureThroughput } from './lib/measure.util';
import { mulberry32 } from './lib/seeded-random.util';

// Envelope validation and canonical JSON on a realistic mix: half trades, half book deltas,
// across all six venues with their own symbol styles and sequence fields. Delta sizes follow
// what the captures show: most diffs touch one or two levels, some a handful, a few dozens
// (Binance 100 ms diffs on a busy book).

const POOL_SIZE = 4_096;

const MARKETS: readonly { venue: Venue; symbol: string; market: string; price: number }[] = [
  { venue: 'binance', symbol: 'BTCUSDT', market: 'BTC-USDT', price: 61_234.5 },
  { venue: 'binance', symbol: 'NKNUSDT', market: 'NKN-USDT', price: 0.3521 },
  { venue: 'coinbase', symbol: 'BTC-USD', market: 'BTC-USD', price: 61_240.12 },
  { venue: 'coinbase', symbol: 'SKL-BTC', market: 'SKL-BTC', price: 0.00001305 },
  { venue: 'kraken', symbol: 'XBT/USD', market: 'BTC-USD', price: 61_238.3 },
  { venue: 'kraken', symbol: 'XMR/USD', market: 'XMR-USD', price: 354.11 },
  { venue: 'bitstamp', symbol: 'ethusd', market: 'ETH-USD', price: 3_805.44 },
  { venue: 'okx', symbol: 'BTC-USDT', market: 'BTC-USDT', price: 61_236.8 },
  { venue: 'bybit', symbol: 'LTCUSDT', market: 'LTC-USDT', price: 94.53 },
];

function buildPool(): Envelope[] {
  const random = mulberry32(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const levelCount = (): number => {
    const r = random();
    if (r < 0.6) return 1 + Math.floor(random() * 2);
    if (r < 0.9) return 3 + Math.floor(random() * 8);
    return 11 + Math.floor(random() * 30);
  };
  const decimals = (price: number): number => (price < 1 ? 8 : price < 1_000 ? 4 : 2);
  const levels = (price: number, count: number, side: 1 | -1): [string, string][] =>
    Array.from({ length: count }, (_, i) => [
      (price * (1 + side * 0.0001 * (i + 1))).toFixed(decimals(price)),
      random() < 0.15 ? '0' : (random() * 50).toFixed(8),
    ]);
  const pool: Envelope[] = [];
  let seq = 500_000_000;
  let time = 1_700_000_000_000_000;
  for (let i = 0; i < POOL_SIZE; i++) {
    const m = pick(MARKETS);
    time += Math.floor(random() * 2_000);
    seq += 1 + Math.floor(random() * 3);
    const base = {
      v: 1 as const,
      venue: m.venue,
      symbol: m.symbol,
      market: m.market,
      exchangeTimeUs: time,
      receiveTimeUs: time + 800 + Math.floor(random() * 4_000),
      system: 'primary' as const,
      ingesterId: 'ingestor-0',
    };
    if (i % 2 === 0) {
      pool.push({
        ...base,
        type: 'trade',
        ...(m.venue === 'coinbase' ? { seqId: seq } : {}),
        payload: {
          price: (m.price * (1 + (random() - 0.5) * 0.001)).toFixed(decimals(m.price)),
          size: (random() * 2).toFixed(8),
          side: random() < 0.5 ? 'buy' : 'sell',
          ...(m.venue === 'kraken' ? {} : { tradeId: String(seq * 3) }),
        },
      });
    } else {
      const sequence =
        m.venue === 'binance'
          ? { firstUpdateId: seq - 2, lastUpdateId: seq }
          : m.venue === 'okx'
            ? { seqId: seq, prevId: seq - 3, checksum: -914_047_754 }
            : m.venue === 'bybit'
              ? { seqId: seq * 7, lastUpdateId: seq }
              : m.venue === 'kraken'
                ? { checksum: 2_583_817_756 }
                : {};
      pool.push({
        ...base,
        type: 'book_delta',
        ...sequence,
        payload: {
          bids: random() < 0.2 ? [] : levels(m.price, levelCount(), -1),
          asks: random() < 0.2 ? [] : levels(m.price, levelCount(), 1),
        },
      });
    }
  }
  return pool;
}

export default defineBenchmark({
  name: 'domain-envelope',
  description:
    'Envelope validation (fast path and plain zod), JSON text to validated envelope, rejection with a precise error, canonical JSON; 50/50 trades and book deltas over six venues.',
  figures: {
    'domain.envelope_validate_per_s': {
      unit: 'envelopes/s',
      goal: { min: 200_000 },
      description: 'parseEnvelope on decoded objects (the fast path; zod only on failure)',
    },
    'domain.envelope_validate_zod_per_s': {
      unit: 'envelopes/s',
      description: 'envelopeSchema.safeParse alone, for comparison',
    },
    'domain.envelope_parse_validate_per_s': {
      unit: 'envelopes/s',
      goal: { min: 100_000 },
      description: 'JSON text -> validated envelope, what a consumer does per Kafka message',
    },
    'domain.envelope_reject_per_s': {
      unit: 'envelopes/s',
      goal: { min: 10_000 },
      description: 'invalid envelopes -> SchemaValidationError with path and reason',
    },
    'domain.canonical_json_per_s': {
      unit: 'envelopes/s',
      goal: { min: 200_000 },
      description: 'toCanonicalJson, measured to UTF-8 byte length',
    },
  },
  async run() {
    const pool = buildPool();
    const mask = POOL_SIZE - 1;
    // Consumers validate what JSON.parse gave them, not the objects the generator built.
    const texts = pool.map((envelope) => toCanonicalJson(envelope));
    const decoded = texts.map((text) => JSON.parse(text) as unknown);
    const invalid = decoded.map((envelope, i) => {
      const copy = structuredClone(envelope) as Record<string, unknown>;
      if (i % 3 === 0)
        copy['exchangeTimeUs'] = Math.floor((copy['exchangeTimeUs'] as number) / 1000);
      else if (i % 3 === 1) (copy['payload'] as Record<string, unknown>)['bids'] = [['-1', '2']];
      else copy['venue'] = 'ftx';
      return copy;
    });
    const levels = pool
      .filter((envelope) => envelope.type === 'book_delta')
      .map((envelope) =>
        envelope.type === 'book_delta'
          ? envelope.payload.bids.length + envelope.payload.asks.length
          : 0,
      );
    process.stdout.write(
      `mix: ${POOL_SIZE} envelopes, ${levels.length} deltas with ${(levels.reduce((a, b) => a + b, 0) / levels.length).toFixed(1)} levels on average, ${(texts.reduce((a, t) => a + t.length, 0) / POOL_SIZE).toFixed(0)} bytes of JSON on average\n`,
    );
    for (const input of decoded) {
      if (!safeParseEnvelope(input).success) throw new Error('the benchmark pool must be valid');
    }
    for (const input of invalid) {
      if (safeParseEnvelope(input).success) throw new Error('the invalid pool must be rejected');
    }

    const validate = measureThroughput((i) => safeParseEnvelope(decoded[i & mask]).success);
    const zod = measureThroughput((i) => envelopeSchema.safeParse(decoded[i & mask]).success);
    const parse = measureThroughput(
      (i) => safeParseCanonicalJson(texts[i & mask] as string).success,
    );
    const reject = measureThroughput((i) => {
      const result = safeParseEnvelope(invalid[i & mask]);
      return result.success ? 0 : result.error.message.length;
    });
    // byteLength forces the concatenated string flat and encoded, as a producer's send would.
    const canonical = measureThroughput((i) =>
      Buffer.byteLength(toCanonicalJson(pool[i & mask] as Envelope)),
    );

    return {
      'domain.envelope_validate_per_s': Math.round(validate.medianPerSecond),
      'domain.envelope_validate_zod_per_s': Math.round(zod.medianPerSecond),
      'domain.envelope_parse_validate_per_s': Math.round(parse.medianPerSecond),
      'domain.envelope_reject_per_s': Math.round(reject.medianPerSecond),
      'domain.canonical_json_per_s': Math.round(canonical.medianPerSecond),
    };
  },
});
