import { gunzipSync, gzipSync } from 'node:zlib';

import { gzip as pakoGzip } from 'pako';

import {
  gzipLakeBody,
  gzipLakeBodySync,
  LAKE_GZIP_HEADER,
  LAKE_GZIP_LEVEL,
} from './lake-gzip.util';

function sampleText(lines: number): Buffer {
  let text = '';
  for (let i = 0; i < lines; i++) {
    text +=
      `{"v":1,"venue":"binance","symbol":"NKNUSDT","market":"NKN-USDT","type":"book_delta",` +
      `"exchangeTimeUs":${1_699_999_980_000_000 + i * 1_777},"lastUpdateId":${1_000 + i * 3},` +
      `"system":"primary","payload":{"bids":[["${(0.3513 + (i % 17) / 10_000).toFixed(8)}",` +
      `"${(((i * 7919) % 100_000) / 100).toFixed(8)}"]],"asks":[]}}\n`;
  }
  return Buffer.from(text);
}

describe('lake gzip', () => {
  const text = sampleText(5_000);

  it('writes the fixed header: no flags, no name, mtime 0, XFL 0, OS 3', async () => {
    for (const body of [gzipLakeBodySync(text), await gzipLakeBody(text)]) {
      expect([...body.subarray(0, 10)]).toEqual([
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
      ]);
      expect([...body.subarray(0, 10)]).toEqual(LAKE_GZIP_HEADER);
      expect(gunzipSync(body).equals(text)).toBe(true);
    }
  });

  it('gives the same bytes on the thread pool and on the calling thread, every time', async () => {
    const sync = gzipLakeBodySync(text);
    expect((await gzipLakeBody(text)).equals(sync)).toBe(true);
    expect(gzipLakeBodySync(Buffer.from(text)).equals(sync)).toBe(true);
  });

  it('produces the same deflate stream as a portable implementation (no CPU-specific hashing)', () => {
    // pako is a pure-JavaScript port of zlib: its output cannot depend on the CPU's instruction
    // set. Node's zlib may use hardware-specific match finding; if it ever did, two replicas on
    // different machines would write different bytes, and this test would say so.
    const reference = Buffer.from(
      pakoGzip(text, { level: LAKE_GZIP_LEVEL, windowBits: 15, memLevel: 8 }),
    );
    reference[9] = 0x03;
    expect(gzipLakeBodySync(text).equals(reference)).toBe(true);
  });

  it('differs from a plain gzip call only where the header is pinned', () => {
    const plain = gzipSync(text, { level: LAKE_GZIP_LEVEL });
    const lake = gzipLakeBodySync(text);
    expect(lake.subarray(10).equals(plain.subarray(10))).toBe(true);
    expect(plain.readUInt32LE(4)).toBe(0);
  });
});
