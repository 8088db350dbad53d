import { VENUE_ENVELOPES } from '../../test/venue-envelopes.fixture';
import { isEnvelopeFast } from './envelope-fast-check.util';
import { envelopeSchema } from './envelope.schema';
import { parseEnvelope } from './parse-envelope.util';

// The fast path must agree with the zod schema. These generated cases mutate real envelopes
// one to three times with values from a pool of near-misses and compare both verdicts.

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REMOVE = Symbol('remove');
const VALUE_POOL: unknown[] = [
  REMOVE,
  '',
  '0',
  '0.0',
  '-1',
  '1e5',
  '0.35280000',
  '007',
  '1.',
  '1'.repeat(41),
  '1'.repeat(40),
  'BTC-USD',
  'btc-usd',
  'XBT/USD',
  'a:b',
  'buy',
  'sell',
  'Buy',
  'trade',
  'book_delta',
  'book_snapshot',
  'primary',
  'replica',
  'binance',
  'kraken',
  'ingestor-0',
  '-pod',
  'x'.repeat(64),
  'x'.repeat(65),
  1,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 32,
  2 ** 32 - 1,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  946_684_800_000_000,
  946_684_799_999_999,
  1_633_998_523_963_000,
  1_633_998_523_963,
  null,
  true,
  [],
  {},
  ['1', '2'],
  ['1', '2', '3'],
  [['1', '2']],
  [['1', 2]],
  { price: '1', size: '1', side: 'buy' },
  { bids: [], asks: [] },
  { depth: 0, bids: [], asks: [] },
];

type Json = Record<string | number, unknown>;

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const key of Object.keys(value))
      out.push(...paths((value as Json)[key], [...prefix, key]));
  return out;
}

const EXTRA_KEYS = ['extra', 'seqId', 'prevId', 'checksum', 'depth', 'tradeId', 'firstUpdateId'];

function valueAt(value: unknown, path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Json)[key];
  }
  return current;
}

function mutate(base: unknown, random: () => number, donors: unknown[]): unknown {
  const copy = structuredClone(base) as Json;
  const all = paths(copy).filter((path) => path.length > 0);
  const path = all[Math.floor(random() * all.length)] as (string | number)[];
  let target: Json = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Json;
  const last = path[path.length - 1] as string | number;
  const choice = random();
  if (choice > 0.6) {
    // A value that is valid somewhere: the same field of another real envelope.
    const donated = valueAt(donors[Math.floor(random() * donors.length)], path);
    if (donated !== undefined) {
      target[last] = structuredClone(donated);
      return copy;
    }
  }
  if (choice < 0.1 && typeof target === 'object' && !Array.isArray(target)) {
    const extra = VALUE_POOL[Math.floor(random() * VALUE_POOL.length)];
    target[EXTRA_KEYS[Math.floor(random() * EXTRA_KEYS.length)] as string] =
      extra === REMOVE ? 'added' : structuredClone(extra);
    return copy;
  }
  const value = VALUE_POOL[Math.floor(random() * VALUE_POOL.length)];
  if (value === REMOVE) {
    if (Array.isArray(target)) target.splice(Number(last), 1);
    else delete target[last];
  } else {
    target[last] = structuredClone(value);
  }
  return copy;
}

function setAt(base: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Json;
  let target: Json = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Json;
  const last = path[path.length - 1] as string | number;
  if (value !== REMOVE) target[last] = structuredClone(value);
  else if (Array.isArray(target)) target.splice(Number(last), 1);
  else delete target[last];
  return copy;
}

function expectAgreement(input: unknown): boolean {
  const fast = isEnvelopeFast(input);
  const zod = envelopeSchema.safeParse(input);
  if (fast !== zod.success) {
    throw new Error(
      `fast=${fast} zod=${zod.success} for ${JSON.stringify(input)}: ${zod.error?.message ?? ''}`,
    );
  }
  if (fast) expect(parseEnvelope(input)).toEqual(zod.data);
  return fast;
}

describe('isEnvelopeFast', () => {
  const bases = Object.values(VENUE_ENVELOPES);

  it('agrees with envelopeSchema for every single-field substitution from the pool', () => {
    let checked = 0;
    for (const base of bases) {
      const fieldPaths = paths(base).filter((path) => path.length > 0);
      // Fields a real envelope may lack: substitute them too.
      for (const key of EXTRA_KEYS) fieldPaths.push([key], ['payload', key]);
      for (const path of fieldPaths) {
        for (const value of VALUE_POOL) {
          expectAgreement(JSON.parse(JSON.stringify(setAt(base, path, value))));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('agrees with envelopeSchema on generated multi-field mutations', () => {
    const random = mulberry32(20_241_127);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 10_000; i++) {
      let input: unknown = bases[i % bases.length];
      const mutations = 1 + Math.floor(random() * 3);
      for (let m = 0; m < mutations; m++) input = mutate(input, random, bases);
      // What a consumer really gets.
      if (expectAgreement(JSON.parse(JSON.stringify(input)))) accepted++;
      else rejected++;
    }
    // Both outcomes must be well represented, or the comparison proves little.
    expect(accepted).toBeGreaterThan(1_000);
    expect(rejected).toBeGreaterThan(2_000);
  });

  it('never accepts what zod rejects, even for values JSON cannot produce', () => {
    const odd: unknown[] = [
      { ...VENUE_ENVELOPES['binanceTrade'], seqId: undefined },
      { ...VENUE_ENVELOPES['binanceTrade'], extra: undefined },
      { ...VENUE_ENVELOPES['binanceTrade'], seqId: Number.NaN },
      { ...VENUE_ENVELOPES['binanceTrade'], checksum: Number.POSITIVE_INFINITY },
      { ...VENUE_ENVELOPES['binanceTrade'], exchangeTimeUs: 1_633_998_523_963_000n },
      Object.assign(Object.create(null), VENUE_ENVELOPES['binanceTrade']),
      new (class Envelope {
        v = 1;
      })(),
    ];
    for (const input of odd) {
      if (isEnvelopeFast(input)) expect(envelopeSchema.safeParse(input).success).toBe(true);
    }
    expect(isEnvelopeFast(odd[0])).toBe(true);
    expect(isEnvelopeFast(odd[1])).toBe(false);
  });
});
