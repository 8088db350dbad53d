import {
  binanceDelta,
  binanceTrade,
  okxDelta,
  VENUE_ENVELOPES,
} from '../../test/venue-envelopes.fixture';
import { SchemaValidationError } from '../validation/schema-validation.error';
import { envelopeSchema } from './envelope.schema';
import { parseEnvelope, safeParseEnvelope } from './parse-envelope.util';

/** A deep copy with `path` set to `value` (or deleted when value is `undefined` and `remove`). */
function withField(
  base: object,
  path: (string | number)[],
  value: unknown,
  remove = false,
): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) delete target[last];
  else target[last] = value;
  return copy;
}

function errorOf(input: unknown): SchemaValidationError {
  const result = safeParseEnvelope(input);
  if (result.success) throw new Error('expected the envelope to be rejected');
  return result.error;
}

describe('parseEnvelope', () => {
  it.each(Object.entries(VENUE_ENVELOPES))(
    'accepts the %s envelope built from a capture',
    (_, envelope) => {
      expect(parseEnvelope(envelope)).toEqual(envelope);
      // And after a trip through JSON, the way consumers receive it.
      expect(parseEnvelope(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
      expect(envelopeSchema.safeParse(envelope).success).toBe(true);
    },
  );

  it('narrows the payload type by `type`', () => {
    const envelope = parseEnvelope(binanceTrade);
    expect(envelope.type === 'trade' ? envelope.payload.price : undefined).toBe('0.35280000');
  });

  it.each([
    [
      ['payload', 'price'],
      '-1',
      'payload.price: expected a decimal string like "123.45", got "-1"',
    ],
    [
      ['payload', 'price'],
      0.3528,
      'payload.price: expected a decimal string like "123.45", got 0.3528',
    ],
    [
      ['payload', 'size'],
      '5.8e1',
      'payload.size: expected a decimal string like "123.45", got "5.8e1"',
    ],
    [['payload', 'side'], 'Buy', 'payload.side: expected one of buy, sell, got "Buy"'],
    [
      ['payload', 'tradeId'],
      'a b',
      'payload.tradeId: expected a trade id (1-64 printable characters, no spaces), got "a b"',
    ],
    [['v'], 2, 'v: expected schema version 1, got 2'],
    [
      ['venue'],
      'ftx',
      'venue: expected a venue (binance, coinbase, kraken, bitstamp, okx, bybit), got "ftx"',
    ],
    [
      ['market'],
      'nkn-usdt',
      'market: expected a market like "BTC-USDT" (upper-case BASE-QUOTE[-CONTRACT]), got "nkn-usdt"',
    ],
    [['type'], 'ticker', 'type: expected one of trade, book_delta, book_snapshot, got "ticker"'],
    [
      ['exchangeTimeUs'],
      1633998523963,
      'exchangeTimeUs: expected epoch microseconds (an integer from 2000-01-01 on, e.g. 1633998523963000), got 1633998523963',
    ],
    [
      ['receiveTimeUs'],
      '1633998523957215',
      'receiveTimeUs: expected epoch microseconds (an integer from 2000-01-01 on, e.g. 1633998523963000), got "1633998523957215"',
    ],
    [['seqId'], 1.5, 'seqId: expected a safe integer, got 1.5'],
    [
      ['checksum'],
      2 ** 32,
      'checksum: expected a 32-bit checksum (integer from -2147483648 to 4294967295), got 4294967296',
    ],
    [['system'], 'secondary', 'system: expected one of primary, replica, got "secondary"'],
    [
      ['ingesterId'],
      'pod.1',
      'ingesterId: expected an ingester id (1-63 of A-Z a-z 0-9 _ -, not starting with _ or -), got "pod.1"',
    ],
    [['payload'], 'x', 'payload: expected a trade payload object, got "x"'],
  ])('rejects a trade with %j = %j', (path, value, message) => {
    const error = errorOf(withField(binanceTrade, path as string[], value));
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect(error.issues).toEqual([
      { path: message.split(': ')[0], message: message.slice(message.indexOf(': ') + 2) },
    ]);
    expect(error.message).toBe(`Invalid envelope: ${message}`);
  });

  it.each([
    [
      ['payload', 'bids', 1, 0],
      '0.3475e0',
      'payload.bids[1][0]: expected a decimal string like "123.45", got "0.3475e0"',
    ],
    [
      ['payload', 'bids', 0],
      ['1'],
      'payload.bids[0]: expected a [price, size] pair of decimal strings, got an array of 1',
    ],
    [
      ['payload', 'bids', 0],
      ['1', '2', '3'],
      'payload.bids[0]: expected a [price, size] pair of decimal strings, got an array of 3',
    ],
    [
      ['payload', 'bids', 0],
      { price: '1', size: '2' },
      'payload.bids[0]: expected a [price, size] pair of decimal strings, got an object',
    ],
    [
      ['payload', 'asks'],
      null,
      'payload.asks: expected an array of [price, size] levels, got null',
    ],
  ])('rejects a book delta with %j = %j', (path, value, message) => {
    expect(errorOf(withField(binanceDelta, path as (string | number)[], value)).message).toBe(
      `Invalid envelope: ${message}`,
    );
  });

  it('reports missing and unknown fields', () => {
    expect(errorOf(withField(binanceTrade, ['venue'], undefined, true)).message).toBe(
      'Invalid envelope: venue: missing; expected a venue (binance, coinbase, kraken, bitstamp, okx, bybit)',
    );
    expect(errorOf(withField(binanceTrade, ['type'], undefined, true)).message).toBe(
      'Invalid envelope: type: missing; expected one of trade, book_delta, book_snapshot',
    );
    expect(errorOf({ ...binanceTrade, exchange: 'binance' }).message).toBe(
      'Invalid envelope: (root): unknown field "exchange"',
    );
    expect(errorOf(withField(okxDelta, ['payload', 'checksum'], 1)).message).toBe(
      'Invalid envelope: payload: unknown field "checksum"',
    );
  });

  it('rejects non-objects at the root', () => {
    expect(errorOf('{"v":1}').message).toBe(
      'Invalid envelope: (root): expected an envelope object, got "{\\"v\\":1}"',
    );
    expect(errorOf(null).message).toBe(
      'Invalid envelope: (root): expected an envelope object, got null',
    );
    expect(errorOf([binanceTrade]).message).toBe(
      'Invalid envelope: (root): expected an envelope object, got an array',
    );
  });

  it('lists every issue and summarizes the first three in the message', () => {
    const input = { ...binanceTrade, v: 0, venue: 'x', symbol: ':', market: 'y', system: 'z' };
    const error = errorOf(input);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'v',
      'venue',
      'symbol',
      'market',
      'system',
    ]);
    expect(error.message).toMatch(
      /^Invalid envelope: v: .*; venue: .*; symbol: .* \(and 2 more\)$/,
    );
  });

  it('throws SchemaValidationError from parseEnvelope', () => {
    expect(() => parseEnvelope(withField(binanceTrade, ['payload', 'price'], '-1'))).toThrow(
      new SchemaValidationError('envelope', [
        { path: 'payload.price', message: 'expected a decimal string like "123.45", got "-1"' },
      ]),
    );
  });

  it('accepts the edge values the venues use', () => {
    // OKX snapshots carry prevSeqId -1; Kraken checksums are unsigned, OKX ones signed.
    for (const [field, value] of [
      ['prevId', -1],
      ['checksum', 4_294_967_295],
      ['checksum', -2_147_483_648],
      ['seqId', Number.MAX_SAFE_INTEGER],
    ] as const) {
      expect(safeParseEnvelope({ ...okxDelta, [field]: value }).success).toBe(true);
    }
    expect(safeParseEnvelope(withField(binanceDelta, ['payload', 'bids'], [])).success).toBe(true);
  });
});
