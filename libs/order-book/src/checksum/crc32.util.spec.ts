import { crc32 as zlibCrc32 } from 'node:zlib';

import {
  crc32,
  CRC32_INITIAL,
  crc32Byte,
  crc32Signed,
  crc32Text,
  crc32Unsigned,
} from './crc32.util';

describe('crc32', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('equals zlib on random ASCII text, whole or fed in pieces', () => {
    let seed = 5;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff);
    for (let i = 0; i < 2_000; i++) {
      const text = Array.from({ length: next() % 300 }, () =>
        String.fromCharCode(32 + (next() % 95)),
      ).join('');
      const expected = zlibCrc32(text);
      expect(crc32(text)).toBe(expected);
      const cut = text.length >> 1;
      let piecewise = crc32Text(CRC32_INITIAL, text.slice(0, cut));
      for (let k = cut; k < text.length; k++) piecewise = crc32Byte(piecewise, text.charCodeAt(k));
      expect(crc32Unsigned(piecewise)).toBe(expected);
      expect(crc32Signed(piecewise)).toBe(expected | 0);
    }
  });

  it('of empty text is 0', () => {
    expect(crc32('')).toBe(0);
  });
});
