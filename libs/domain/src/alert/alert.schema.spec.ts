import { parseAlert, safeParseAlert } from './alert.schema';

const gap = {
  v: 1,
  kind: 'gap',
  severity: 'warning',
  timeUs: 1_633_998_512_600_000,
  service: 'validator',
  instance: 'validator-5c9d-x',
  system: 'primary',
  venue: 'binance',
  symbol: 'NKNUSDT',
  market: 'NKN-USDT',
  dataType: 'book_delta',
  exchangeTimeUs: 1_633_998_512_568_000,
  message:
    'Sequence gap on binance:NKNUSDT book_delta: expected first update id 499869753, got 499869760.',
  detail: { expected: 499_869_753, received: 499_869_760, count: 7, reason: 'sequence_gap' },
};

describe('alertSchema', () => {
  it('accepts a gap alert with its sequence detail', () => {
    expect(parseAlert(gap)).toEqual(gap);
  });

  it('accepts a partial-window alert and extra scalar detail', () => {
    const alert = {
      v: 1,
      kind: 'partial_window',
      severity: 'warning',
      timeUs: 1_633_998_600_000_000,
      service: 'ingestor',
      instance: 'ingestor-1',
      venue: 'kraken',
      symbol: 'XBT/USD',
      market: 'XBT-USD',
      dataType: 'book_delta',
      message:
        'Window 20211012T0028 of kraken:XBT/USD was written as partial: connected mid-window.',
      detail: {
        lakeKey:
          'raw/primary/book_delta/kraken/XBT-USD/year=2021/month=10/day=12/kraken_XBT-USD_book_delta_20211012T0028.partial.ingestor-1.ndjson.gz',
        windowStartUs: 1_633_998_480_000_000,
        reason: 'missed_window_start',
        firstSeenUs: 1_633_998_501_000_000,
      },
    };
    expect(parseAlert(alert)).toEqual(alert);
  });

  it.each([
    [
      { kind: 'oops' },
      'kind: expected an alert kind (gap, checksum_mismatch, duplicate, out_of_order, crossed_book, bad_number, stale_timestamp, future_timestamp, schema_error, partial_window, reconnect, resync, drop, stale_market, export_failed, publish_failed, quarantined_input), got "oops"',
    ],
    [{ severity: 'error' }, 'severity: expected one of info, warning, critical, got "error"'],
    [
      { service: 'Validator' },
      'service: expected a service name (lower-case, 1-63 of a-z 0-9 -), got "Validator"',
    ],
    [{ message: '' }, 'message: expected a non-empty message, got ""'],
    [
      { detail: { expected: 1.5 } },
      'detail.expected: expected an integer or a string of at most 200 characters, got 1.5',
    ],
    [
      { detail: { nested: { a: 1 } } },
      'detail.nested: expected a string, number, boolean or null, got an object',
    ],
    [
      { venue: 'ftx' },
      'venue: expected a venue (binance, coinbase, kraken, bitstamp, okx, bybit), got "ftx"',
    ],
    [{ extra: true }, '(root): unknown field "extra"'],
  ])('rejects %j', (change, message) => {
    const result = safeParseAlert({ ...gap, ...change });
    expect(result.success ? 'accepted' : result.error.message).toBe(`Invalid alert: ${message}`);
  });
});
