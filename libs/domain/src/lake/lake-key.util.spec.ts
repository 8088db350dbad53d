import { krakenDelta } from '../../test/venue-envelopes.fixture';
import { DATA_TYPES, SYSTEMS } from '../envelope/envelope.constants';
import { MICROS_PER_MINUTE } from '../time/epoch-micros.schema';
import { VENUES } from '../venue/venue.constants';
import {
  buildLakeKey,
  lakeDayPrefix,
  LakeKeyError,
  type LakeKeyParts,
  lakeKeyPartsOf,
  parseLakeKey,
  safeParseLakeKey,
} from './lake-key.util';
import { minuteWindowStartUs } from './minute-window.util';

const window = minuteWindowStartUs(1_633_998_523_963_000); // 2021-10-12T00:28:43.963Z
const parts: LakeKeyParts = {
  system: 'primary',
  type: 'book_delta',
  venue: 'kraken',
  market: 'XBT-USD',
  windowStartUs: window,
};

describe('lake keys', () => {
  it('builds the canonical key from the exchange-time window', () => {
    expect(buildLakeKey(parts)).toBe(
      'raw/primary/book_delta/kraken/XBT-USD/year=2021/month=10/day=12/kraken_XBT-USD_book_delta_20211012T0028.ndjson.gz',
    );
  });

  it('derives the key parts from an event by its exchange timestamp', () => {
    expect(buildLakeKey(lakeKeyPartsOf(krakenDelta))).toBe(
      'raw/primary/book_delta/kraken/XMR-USD/year=2021/month=04/day=17/kraken_XMR-USD_book_delta_20210417T1648.ndjson.gz',
    );
    // Stamped at 16:48:59.999999 by the venue but received in the next minute: still 16:48.
    const late = {
      ...krakenDelta,
      exchangeTimeUs: 1_618_678_139_999_999,
      receiveTimeUs: 1_618_678_140_000_500,
    };
    expect(lakeKeyPartsOf(late).windowStartUs).toBe(1_618_678_080_000_000);
  });

  it('builds a partial key that cannot collide with the canonical one', () => {
    const partial = buildLakeKey({ ...parts, partial: { ingesterId: 'ingestor-7d9f8-x2' } });
    expect(partial).toBe(
      'raw/primary/book_delta/kraken/XBT-USD/year=2021/month=10/day=12/kraken_XBT-USD_book_delta_20211012T0028.partial.ingestor-7d9f8-x2.ndjson.gz',
    );
    expect(partial).not.toBe(buildLakeKey(parts));
    expect(parseLakeKey(partial)).toEqual({
      ...parts,
      partial: { ingesterId: 'ingestor-7d9f8-x2' },
    });
  });

  it('round-trips generated keys for every system, type, venue and many minutes', () => {
    const markets = [
      'BTC-USDT',
      'XBT-USD',
      'ETH-EUR',
      '1INCH-USDT',
      'BTC-USD-SWAP',
      'BTC-USD-220527',
    ];
    const seen = new Set<string>();
    let i = 0;
    for (const system of SYSTEMS)
      for (const type of DATA_TYPES)
        for (const venue of VENUES)
          for (const market of markets) {
            // Walk minutes across day, month, year and leap-day boundaries.
            const start = Date.UTC(2023 + (i % 3), (i * 7) % 12, 28 + (i % 4), 23, 58) * 1000;
            for (let m = 0; m < 4; m++) {
              const windowStartUs = start + m * MICROS_PER_MINUTE;
              const canonical: LakeKeyParts = { system, type, venue, market, windowStartUs };
              const partial: LakeKeyParts = {
                ...canonical,
                partial: { ingesterId: `ing-${i % 5}` },
              };
              for (const candidate of [canonical, partial]) {
                const key = buildLakeKey(candidate);
                expect(parseLakeKey(key)).toEqual(candidate);
                expect(seen.has(key)).toBe(false);
                seen.add(key);
              }
            }
            i++;
          }
    expect(seen.size).toBe(SYSTEMS.length * DATA_TYPES.length * VENUES.length * markets.length * 8);
  });

  it('puts every key of a day under the day prefix', () => {
    const prefix = lakeDayPrefix({ ...parts, day: '2021-10-12' });
    expect(prefix).toBe('raw/primary/book_delta/kraken/XBT-USD/year=2021/month=10/day=12/');
    const dayStart = Date.UTC(2021, 9, 12) * 1000;
    for (const windowStartUs of [dayStart, dayStart + 1439 * MICROS_PER_MINUTE]) {
      expect(buildLakeKey({ ...parts, windowStartUs }).startsWith(prefix)).toBe(true);
      expect(
        buildLakeKey({ ...parts, windowStartUs, partial: { ingesterId: 'a' } }).startsWith(prefix),
      ).toBe(true);
    }
    expect(
      buildLakeKey({ ...parts, windowStartUs: dayStart - MICROS_PER_MINUTE }).startsWith(prefix),
    ).toBe(false);
    expect(() => lakeDayPrefix({ ...parts, day: '2021-02-29' })).toThrow(
      'Invalid lake key part day: Expected a UTC day YYYY-MM-DD, got "2021-02-29"',
    );
  });

  it('refuses to build keys from bad parts', () => {
    expect(() => buildLakeKey({ ...parts, market: 'XBT/USD' })).toThrow(
      'Invalid lake key part market: expected a normalized market like "BTC-USDT", got "XBT/USD"',
    );
    expect(() => buildLakeKey({ ...parts, windowStartUs: window + 1 })).toThrow(
      `Invalid lake key part windowStartUs: Window start ${window + 1} is not on a minute boundary`,
    );
    expect(() => buildLakeKey({ ...parts, partial: { ingesterId: 'a.b' } })).toThrow(
      'Invalid lake key part partial.ingesterId: expected 1-63 of A-Z a-z 0-9 _ -, got "a.b"',
    );
    expect(() => buildLakeKey({ ...parts, venue: 'ftx' as never })).toThrow(LakeKeyError);
  });

  const good = buildLakeKey(parts);
  it.each([
    [good.replace('raw/', 'lake/'), 'expected it to start with "raw/", got "lake"'],
    [good.replace('/primary/', '/tertiary/'), 'system "tertiary" is not one of primary, replica'],
    [
      good.replace('/book_delta/', '/ticker/'),
      'type "ticker" is not one of trade, book_delta, book_snapshot',
    ],
    [
      good.replace('/kraken/', '/ftx/'),
      'venue "ftx" is not one of binance, coinbase, kraken, bitstamp, okx, bybit',
    ],
    [
      good.replace('/XBT-USD/', '/xbt-usd/'),
      'market "xbt-usd" is not a normalized market like "BTC-USDT"',
    ],
    [good.replace('year=2021', 'year=21'), 'segment "year=21" is not year=YYYY'],
    [good.replace('month=10', 'm=10'), 'segment "m=10" is not month=MM'],
    [good.replace('day=12', 'day=1'), 'segment "day=1" is not day=DD'],
    [
      good.replace('.ndjson.gz', '.csv.gz'),
      'file name "kraken_XBT-USD_book_delta_20211012T0028.csv.gz" is not <venue>_<market>_<type>_<YYYYMMDDTHHmm>[.partial.<ingesterId>].ndjson.gz',
    ],
    [good.replace('kraken_', 'okx_'), 'file name venue "okx" differs from path venue "kraken"'],
    [
      good.replace('_XBT-USD_', '_ETH-USD_'),
      'file name market "ETH-USD" differs from path market "XBT-USD"',
    ],
    [
      good.replace('_book_delta_', '_trade_'),
      'file name type "trade" differs from path type "book_delta"',
    ],
    [good.replace('T0028', 'T2460'), 'window "20211012T2460" is not a real UTC minute'],
    [
      good.replace('20211012T', '20211013T'),
      'window 20211013T0028 belongs to day 2021-10-13, not to year=2021/month=10/day=12',
    ],
    [
      good.replace('.ndjson.gz', '.partial.-x.ndjson.gz'),
      'partial ingester id "-x" is not 1-63 of A-Z a-z 0-9 _ -',
    ],
    [
      good.replace('/year=2021', ''),
      `expected 9 path segments (raw/<system>/<type>/<venue>/<market>/year=YYYY/month=MM/day=DD/<venue>_<market>_<type>_<YYYYMMDDTHHmm>[.partial.<ingesterId>].ndjson.gz), got 8`,
    ],
  ])('rejects %s', (key, reason) => {
    expect(() => parseLakeKey(key)).toThrow(
      new LakeKeyError(`Invalid lake key ${JSON.stringify(key)}: ${reason}`),
    );
    const result = safeParseLakeKey(key);
    expect(result.success).toBe(false);
    expect(result.success ? '' : result.error.message).toContain(reason);
  });
});
