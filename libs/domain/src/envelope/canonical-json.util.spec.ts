import {
  binanceSnapshot,
  binanceTrade,
  krakenTrade,
  okxDelta,
  VENUE_ENVELOPES,
} from '../../test/venue-envelopes.fixture';
import {
  parseCanonicalJson,
  parseReplicaNeutralJson,
  safeParseCanonicalJson,
  toCanonicalJson,
} from './canonical-json.util';
import type { Envelope } from './envelope.schema';

/** The same data with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item)]),
  );
}

describe('toCanonicalJson', () => {
  it('writes the fields in schema order without whitespace', () => {
    expect(toCanonicalJson(binanceTrade)).toBe(
      '{"v":1,"venue":"binance","symbol":"NKNUSDT","market":"NKN-USDT","type":"trade",' +
        '"exchangeTimeUs":1633998523963000,"receiveTimeUs":1633998523957215,"system":"primary",' +
        '"ingesterId":"ingestor-0","payload":{"price":"0.35280000","size":"58.00000000","side":"buy","tradeId":"15683430"}}',
    );
    expect(toCanonicalJson(okxDelta)).toBe(
      '{"v":1,"venue":"okx","symbol":"BTC-USD-220527","market":"BTC-USD-220527","type":"book_delta",' +
        '"exchangeTimeUs":1652459225464000,"receiveTimeUs":1652459225708481,"checksum":-914047754,' +
        '"system":"primary","ingesterId":"ingestor-0","payload":{"bids":[["30182.6","452"]],' +
        '"asks":[["30249.4","0"],["30261","4"],["30310.3","19"]]}}',
    );
    expect(toCanonicalJson(binanceSnapshot)).toContain(
      '"lastUpdateId":499869752,"system":"primary","ingesterId":"ingestor-0","payload":{"depth":1000,"bids":[',
    );
    expect(toCanonicalJson(krakenTrade)).toContain('"side":"sell"}}');
  });

  it.each(Object.entries(VENUE_ENVELOPES))(
    'gives %s the same bytes whatever the key order, and round-trips',
    (_, envelope) => {
      const text = toCanonicalJson(envelope);
      expect(toCanonicalJson(reverseKeys(envelope) as Envelope)).toBe(text);
      expect(JSON.parse(text)).toEqual(envelope);
      expect(parseCanonicalJson(text)).toEqual(envelope);
      expect(toCanonicalJson(parseCanonicalJson(JSON.stringify(reverseKeys(envelope))))).toBe(text);
    },
  );

  it('leaves out optional fields that are undefined', () => {
    const envelope = { ...binanceTrade, seqId: undefined, checksum: undefined };
    expect(toCanonicalJson(envelope)).toBe(toCanonicalJson(binanceTrade));
  });

  it('escapes strings as JSON does', () => {
    // Not a valid envelope, but the serializer must never emit broken JSON.
    const odd = { ...binanceTrade, ingesterId: 'a"b\\c\n' } as Envelope;
    expect(JSON.parse(toCanonicalJson(odd)).ingesterId).toBe('a"b\\c\n');
  });

  it('makes replicas byte-identical when local fields are left out', () => {
    const seenByOther = {
      ...binanceTrade,
      receiveTimeUs: 1_633_998_523_958_001,
      ingesterId: 'ingestor-1',
    };
    expect(toCanonicalJson(seenByOther)).not.toBe(toCanonicalJson(binanceTrade));
    const neutral = toCanonicalJson(binanceTrade, { localFields: false });
    expect(toCanonicalJson(seenByOther, { localFields: false })).toBe(neutral);
    expect(neutral).not.toContain('receiveTimeUs');
    expect(neutral).not.toContain('ingesterId');

    const parsed = parseReplicaNeutralJson(neutral);
    expect(parsed).toEqual({ ...binanceTrade, receiveTimeUs: undefined, ingesterId: undefined });
    expect(toCanonicalJson(parsed, { localFields: false })).toBe(neutral);
  });

  it('reports JSON and schema errors from the parse counterpart', () => {
    expect(() => parseCanonicalJson('{"v":1,')).toThrow(
      /^Invalid envelope: \(root\): not valid JSON \(/,
    );
    const neutral = toCanonicalJson(binanceTrade, { localFields: false });
    const result = safeParseCanonicalJson(neutral);
    expect(result.success).toBe(false);
    expect(result.success ? [] : result.error.issues).toEqual([
      {
        path: 'receiveTimeUs',
        message:
          'missing; expected epoch microseconds (an integer from 2000-01-01 on, e.g. 1633998523963000)',
      },
      {
        path: 'ingesterId',
        message:
          'missing; expected an ingester id (1-63 of A-Z a-z 0-9 _ -, not starting with _ or -)',
      },
    ]);
    expect(() => parseReplicaNeutralJson(toCanonicalJson(binanceTrade))).toThrow(
      'Invalid replica-neutral envelope: (root): unknown fields "receiveTimeUs", "ingesterId"',
    );
  });
});
