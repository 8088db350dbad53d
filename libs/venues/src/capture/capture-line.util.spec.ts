import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { fixturePath } from '../../test/fixtures.util';
import {
  CaptureFormatError,
  formatCaptureLine,
  parseCapture,
  parseCaptureLine,
  readCapture,
  safeParseCaptureLine,
  streamCapture,
} from './capture-line.util';

describe('parseCaptureLine', () => {
  it('reads a received frame with its exact microsecond time', () => {
    const line = parseCaptureLine(
      '1633998512.0633569: {"stream":"nknusdt@depth@100ms","data":{"e":"depthUpdate"}}',
    );
    expect(line).toEqual({
      kind: 'received',
      ts: 1633998512.0633569,
      tsText: '1633998512.0633569',
      timeUs: 1_633_998_512_063_356,
      body: '{"stream":"nknusdt@depth@100ms","data":{"e":"depthUpdate"}}',
    });
  });

  it('reads the connection header, a sent frame and an HTTP response', () => {
    expect(parseCaptureLine('wss://ws.kraken.com <-> 1618678132.368463')).toEqual({
      kind: 'header',
      url: 'wss://ws.kraken.com',
      ts: 1618678132.368463,
      tsText: '1618678132.368463',
      timeUs: 1_618_678_132_368_463,
      body: '',
    });
    expect(
      parseCaptureLine(
        'wss://ws.bitstamp.net/ <- 1641343691.067583: {"event":"bts:subscribe","data":{"channel":"diff_order_book_sgbeur"}}',
      ),
    ).toMatchObject({
      kind: 'sent',
      url: 'wss://ws.bitstamp.net/',
      timeUs: 1_641_343_691_067_583,
      body: '{"event":"bts:subscribe","data":{"channel":"diff_order_book_sgbeur"}}',
    });
    expect(
      parseCaptureLine(
        'https://api.binance.com/api/v3/depth?symbol=NKNUSDT&limit=1000 -> 1633998512.320639: {"lastUpdateId":1}',
      ),
    ).toMatchObject({
      kind: 'http',
      url: 'https://api.binance.com/api/v3/depth?symbol=NKNUSDT&limit=1000',
      body: '{"lastUpdateId":1}',
    });
  });

  it('keeps bodies byte for byte, including ": " inside and garbage', () => {
    expect(parseCaptureLine('1.5: a: b').body).toBe('a: b');
    expect(parseCaptureLine('1.5: \u0000\uffff{').body).toBe('\u0000\uffff{');
    expect(parseCaptureLine('1: ').body).toBe('');
  });

  it.each([
    ['', 'empty line'],
    ['1633998512.06', 'missing ": " after the timestamp'],
    ['1633998512.06x: {}', 'expected epoch seconds, got "1633998512.06x"'],
    ['wss://ws.kraken.com', 'expected "<url> <arrow> <ts>"'],
    ['wss://ws.kraken.com => 1: {}', 'expected "<->", "<-" or "->" after the URL'],
    ['wss://ws.kraken.com <- 1618678132.8', 'missing ": " after the timestamp'],
    ['wss://ws.kraken.com <-> soon', 'expected epoch seconds, got "soon"'],
  ])('rejects %j: %s', (line, reason) => {
    const result = safeParseCaptureLine(line);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error).toBeInstanceOf(CaptureFormatError);
      expect(result.error.reason).toBe(reason);
    }
  });

  it('round-trips through formatCaptureLine', () => {
    for (const text of [
      '1618678145.9513211: [1920,{"a":[]},"book-1000","SC/EUR"]',
      'wss://ws.kraken.com <-> 1618678132.368463',
      'wss://ws.kraken.com <- 1618678132.83097: {"event":"subscribe"}',
      'https://www.bitstamp.net/api/v2/order_book/ethusd -> 1641343696.462275: {}',
    ]) {
      expect(formatCaptureLine(parseCaptureLine(text))).toBe(text);
    }
  });
});

describe('parseCapture / readCapture / streamCapture', () => {
  it('reads every bundled capture; every WebSocket file starts with its header', () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const file of [
      'BINANCE.http.0.0',
      'BINANCE.ws.1.0',
      'BITSTAMP.http.0.0',
      'BITSTAMP.ws.1.0',
      'COINBASE.ws.28.0',
      'KRAKEN.ws.48.0',
      'KRAKEN.ws.50.0',
      'OKX.ws.1.0',
    ]) {
      const lines = readCapture(fixturePath(file));
      counts[file] = {};
      for (const line of lines) {
        counts[file][line.kind] = (counts[file][line.kind] ?? 0) + 1;
      }
      if (file.includes('.ws.')) expect(lines[0]?.kind).toBe('header');
    }
    // Counted independently by message kind (e.g. Coinbase: 9,719 l2update + 107 ticker + 97
    // match + 10 snapshot + 10 last_match + 3 subscriptions = 9,946 received frames).
    expect(counts).toEqual({
      'BINANCE.http.0.0': { http: 4 },
      'BINANCE.ws.1.0': { header: 1, received: 265 },
      'BITSTAMP.http.0.0': { http: 10 },
      'BITSTAMP.ws.1.0': { header: 1, sent: 20, received: 747 },
      'COINBASE.ws.28.0': { header: 1, sent: 3, received: 9946 },
      'KRAKEN.ws.48.0': { header: 1, sent: 1, received: 49 },
      'KRAKEN.ws.50.0': { header: 1, sent: 1, received: 4321 },
      'OKX.ws.1.0': { header: 1, sent: 3, received: 410 },
    });
  });

  it('names the file and line of a malformed line', () => {
    expect(() => parseCapture('1.0: {}\n\nnot-a-line\n', 'x.ws')).toThrow(
      'Invalid capture line (x.ws:3: expected "<url> <arrow> <ts>"): "not-a-line"',
    );
  });

  it('accepts CRLF line ends', () => {
    expect(parseCapture('1.0: a\r\n2.0: b\r\n').map((line) => line.body)).toEqual(['a', 'b']);
  });

  it('streams the same lines as it reads', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'capture-'));
    try {
      const file = path.join(dir, 'X.ws.0.0');
      writeFileSync(file, 'wss://x <-> 1.0\n2.5: {"a":1}\n\n3.25: pong\n');
      const streamed = [];
      for await (const line of streamCapture(file)) streamed.push(line);
      expect(streamed).toEqual(readCapture(file));
      expect(streamed.map((line) => line.kind)).toEqual(['header', 'received', 'received']);

      writeFileSync(file, 'wss://x <-> 1.0\nbad\n');
      await expect(async () => {
        for await (const line of streamCapture(file)) void line;
      }).rejects.toThrow(`${file}:2`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
