import { gzipSync } from 'node:zlib';

import { buildLakeKey, toCanonicalJson } from '@tickline/domain';

import { binanceDelta, coinbaseTrade, MINUTE_0 } from '../../test/lake-events.fixture';
import { encodeLakeEventsSync } from '../encode/encode-window.util';
import { splitLines, splitLinesSync } from './lake-line.decoder';
import { decodeLakeObject } from './lake-object.reader';
import { type LakeReadIssue, LakeReadError } from './lake-read.error';

const NEUTRAL = { localFields: false } as const;
const KEY = buildLakeKey({
  system: 'primary',
  type: 'book_delta',
  venue: 'binance',
  market: 'NKN-USDT',
  windowStartUs: MINUTE_0,
});

async function collect(chunks: Buffer[]): Promise<string[]> {
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  const lines: string[] = [];
  for await (const line of splitLines(source())) lines.push(line);
  return lines;
}

describe('lake line decoding', () => {
  it('splits lines across chunk boundaries, keeping a last line without newline', async () => {
    const text = Buffer.from('{"a":1}\n{"b":2}\n{"c":3}');
    const whole = [...splitLinesSync(text)];
    expect(whole).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await collect([text.subarray(0, cut), text.subarray(cut)])).toEqual(whole);
    }
    expect(await collect(Array.from(text, (byte) => Buffer.of(byte)))).toEqual(whole);
  });

  it('reads back what the encoder wrote', () => {
    const events = [binanceDelta(MINUTE_0 + 1, 10), binanceDelta(MINUTE_0 + 2, 13)];
    const decoded = decodeLakeObject(KEY, encodeLakeEventsSync(events).body);
    expect(decoded.issues).toEqual([]);
    expect(decoded.events.map((event) => toCanonicalJson(event, NEUTRAL))).toEqual(
      events.map((event) => toCanonicalJson(event, NEUTRAL)),
    );
  });

  it('reports each bad line with the key and its line number, and keeps reading', () => {
    const good = (id: number) => toCanonicalJson(binanceDelta(MINUTE_0 + id, id), NEUTRAL);
    const lines = [
      good(10),
      '{"v":1,"venue":"binance",', // cut short
      good(13).replace('"0.35130000"', '"-1"'), // not a decimal
      toCanonicalJson(binanceDelta(MINUTE_0 + 60_000_000, 16), NEUTRAL), // next minute
      toCanonicalJson(coinbaseTrade(MINUTE_0 + 5, 1), NEUTRAL), // another stream
      good(7), // sorts before line 1
      '',
      good(19),
    ];
    const decoded = decodeLakeObject(KEY, gzipSync(Buffer.from(lines.join('\n') + '\n')));
    expect(decoded.events.map((event) => event.lastUpdateId)).toEqual([10, 7, 19]);
    expect(decoded.issues.map((issue) => [issue.key, issue.line, issue.kind])).toEqual([
      [KEY, 2, 'json'],
      [KEY, 3, 'schema'],
      [KEY, 4, 'mismatch'],
      [KEY, 5, 'mismatch'],
      [KEY, 6, 'order'],
      [KEY, 7, 'json'],
    ]);
    const [json, schema, minute, stream] = decoded.issues as LakeReadIssue[];
    expect(json?.text).toBe('{"v":1,"venue":"binance",');
    expect(schema?.message).toContain('payload.bids[0][0]');
    expect(minute?.message).toContain(`outside the key's minute starting at ${MINUTE_0}`);
    expect(stream?.message).toBe('type "trade" differs from the key\'s "book_delta"');
    expect(decoded.issues[5]?.message).toBe('not valid JSON (empty line)');
  });

  it('reports a corrupted gzip object as one issue of the whole object', () => {
    const body = encodeLakeEventsSync([binanceDelta(MINUTE_0 + 1, 10)]).body;
    const corrupted = Buffer.from(body);
    corrupted[corrupted.length - 6] = (corrupted[corrupted.length - 6] as number) ^ 0xff; // CRC
    const decoded = decodeLakeObject(KEY, corrupted);
    expect(decoded.events).toEqual([]);
    expect(decoded.issues).toEqual([
      expect.objectContaining({ key: KEY, line: null, kind: 'gzip' }),
    ]);
  });

  it('reports a key that is not a lake key and still reads the lines', () => {
    const decoded = decodeLakeObject(
      'raw/elsewhere.ndjson.gz',
      encodeLakeEventsSync([binanceDelta(MINUTE_0 + 1, 10)]).body,
    );
    expect(decoded.events).toHaveLength(1);
    expect(decoded.issues).toEqual([expect.objectContaining({ kind: 'key', line: null })]);
  });

  it('names key, line and kind in the error thrown without a handler', () => {
    const error = new LakeReadError({ key: KEY, line: 3, kind: 'json', message: 'not valid JSON' });
    expect(error.message).toBe(`Lake object ${KEY} line 3: json: not valid JSON`);
  });
});
