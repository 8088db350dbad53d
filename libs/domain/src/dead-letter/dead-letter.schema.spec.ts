import {
  decodeOriginalValue,
  encodeOriginalValue,
  parseDeadLetter,
  safeParseDeadLetter,
} from './dead-letter.schema';

const record = {
  v: 1,
  timeUs: 1_633_998_523_970_000,
  service: 'validator',
  reason: 'schema_error',
  error: {
    message: 'Invalid envelope: payload.price: expected a decimal string like "123.45", got "-1"',
    issues: [
      { path: 'payload.price', message: 'expected a decimal string like "123.45", got "-1"' },
    ],
  },
  source: {
    topic: 'md.events.raw.v1',
    partition: 3,
    offset: '18446744073709551',
    key: 'binance:NKNUSDT',
    timestamp: '1633998523970',
  },
  value: { encoding: 'utf8', data: '{"v":1,"venue":"binance"}' },
  headers: { 'content-type': 'application/json' },
};

describe('dead-letter records', () => {
  it('accepts a schema-error record and a tombstone', () => {
    expect(parseDeadLetter(record)).toEqual(record);
    expect(
      parseDeadLetter({ ...record, value: null, source: { ...record.source, key: null } }).value,
    ).toBeNull();
  });

  it('keeps the original bytes exactly, as text or base64', () => {
    const text = new TextEncoder().encode('\uFEFF{"price":"1"} é');
    const binary = Uint8Array.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    for (const bytes of [text, binary, new Uint8Array(0)]) {
      const value = encodeOriginalValue(bytes);
      expect(Buffer.compare(decodeOriginalValue(value), Buffer.from(bytes))).toBe(0);
    }
    expect(encodeOriginalValue(text).encoding).toBe('utf8');
    expect(encodeOriginalValue(binary)).toEqual({ encoding: 'base64', data: 'e//+AH0=' });
  });

  it.each([
    [
      { reason: 'bad' },
      'reason: expected one of invalid_json, schema_error, unsupported_version, processing_error, got "bad"',
    ],
    [
      { source: { ...record.source, offset: 12 } },
      'source.offset: expected an offset as digits, got 12',
    ],
    [
      { source: { ...record.source, partition: -1 } },
      'source.partition: expected a partition number, got -1',
    ],
    [
      { value: { encoding: 'hex', data: '00' } },
      'value.encoding: expected one of utf8, base64, got "hex"',
    ],
  ])('rejects %j', (change, message) => {
    const result = safeParseDeadLetter({ ...record, ...change });
    expect(result.success ? 'accepted' : result.error.message).toBe(
      `Invalid dead-letter record: ${message}`,
    );
  });
});
