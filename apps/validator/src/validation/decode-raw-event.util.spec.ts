import { toCanonicalJson } from '@tickline/domain';

import { delta, rawEvent, trade } from '../../test/envelopes.fixture';
import { decodeRawEvent, marketOfKey } from './decode-raw-event.util';

describe('decodeRawEvent', () => {
  it('returns the envelope and its market id for a well-formed, correctly keyed record', () => {
    const envelope = trade('binance', 'BTCUSDT', { tradeId: '7' });
    const decoded = decodeRawEvent(rawEvent(envelope));
    expect(decoded).toEqual({ ok: true, envelope, key: 'binance:BTCUSDT' });
  });

  it('accepts any key order in the JSON (canonical form is the output, not the input)', () => {
    const envelope = trade('binance', 'BTCUSDT', { tradeId: '7' });
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(envelope).reverse()));
    expect(decodeRawEvent(rawEvent(reordered, { key: 'binance:BTCUSDT' }))).toMatchObject({
      ok: true,
      envelope,
    });
  });

  it('rejects a tombstone, bytes that are not JSON, and bytes that are not UTF-8 as invalid_json', () => {
    expect(decodeRawEvent(rawEvent(null, { key: 'binance:BTCUSDT' }))).toEqual({
      ok: false,
      rule: 'invalid_json',
      message: 'A tombstone (no value) is not an event.',
    });
    const notJson = decodeRawEvent(rawEvent('{"v":1,', { key: 'binance:BTCUSDT' }));
    expect(notJson).toMatchObject({ ok: false, rule: 'invalid_json' });
    expect(notJson.ok ? '' : notJson.message).toMatch(/^Not valid JSON: /);
    const latin1 = decodeRawEvent(rawEvent(Buffer.from([0x7b, 0xff, 0x7d])));
    expect(latin1).toEqual({
      ok: false,
      rule: 'invalid_json',
      message: 'Not valid JSON: not valid UTF-8.',
    });
  });

  it('tells an unknown envelope version apart from a schema error', () => {
    const v2 = { ...trade('binance', 'BTCUSDT', { tradeId: '7' }), v: 2 };
    expect(decodeRawEvent(rawEvent(JSON.stringify(v2), { key: 'binance:BTCUSDT' }))).toEqual({
      ok: false,
      rule: 'unsupported_version',
      message: 'Envelope version 2 is not supported (this validator reads v1).',
    });
  });

  it('reports schema errors with their paths', () => {
    const bad = { ...trade('binance', 'BTCUSDT', { tradeId: '7' }), extra: true };
    bad.payload = { ...bad.payload, price: '-1' };
    const decoded = decodeRawEvent(rawEvent(JSON.stringify(bad), { key: 'binance:BTCUSDT' }));
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.rule).toBe('schema_error');
    expect(decoded.issues?.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['payload.price', '(root)']),
    );
    expect(decoded.message).toMatch(/^Invalid envelope: .*payload\.price/);
  });

  it('rejects a record whose key is not the envelope market id, or that has no key', () => {
    const envelope = delta('okx', 'BTC-USDT', { seqId: 5, prevId: 4 });
    const wrong = decodeRawEvent(rawEvent(toCanonicalJson(envelope), { key: 'okx:ETH-USDT' }));
    expect(wrong).toEqual({
      ok: false,
      rule: 'key_mismatch',
      message:
        'The record key "okx:ETH-USDT"; events of okx:BTC-USDT must be keyed "okx:BTC-USDT" so they stay in order.',
      issues: [{ path: '(key)', message: 'expected "okx:BTC-USDT", got "okx:ETH-USDT"' }],
      envelope,
    });
    const missing = decodeRawEvent(rawEvent(toCanonicalJson(envelope), { key: null }));
    expect(missing).toMatchObject({ ok: false, rule: 'key_mismatch' });
    expect(missing.ok ? '' : missing.message).toMatch(/^The record key is missing;/);
  });

  it('reads venue and symbol from a well-formed key only', () => {
    expect(marketOfKey(Buffer.from('kraken:XBT/USD'))).toEqual({
      venue: 'kraken',
      symbol: 'XBT/USD',
    });
    expect(marketOfKey(Buffer.from('nowhere:BTC'))).toBeUndefined();
    expect(marketOfKey(Buffer.from('binance'))).toBeUndefined();
    expect(marketOfKey(null)).toBeUndefined();
  });
});
