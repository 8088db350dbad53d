import { crc32 } from 'node:zlib';

import type { BookState } from './book-state';

// Runs for every synthetic Kraken delta, so it avoids regular expressions.
function krakenPart(text: string): string {
  const dot = text.indexOf('.');
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) {
    start += 1;
  }
  return start === 0 ? digits : digits.slice(start);
}

/**
 * Kraken WS v1/v2 book checksum: the best 10 asks (low to high) then the best 10 bids (high to
 * low), each as price and volume with the point and leading zeros removed, concatenated; CRC32
 * as an unsigned decimal string. Works on the exact text, never on floats.
 */
export function krakenChecksum(book: BookState): string {
  const parts: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const level = book.asks.at(i);
    if (!level) break;
    parts.push(krakenPart(level.price), krakenPart(level.size));
  }
  for (let i = 0; i < 10; i += 1) {
    const level = book.bids.at(i);
    if (!level) break;
    parts.push(krakenPart(level.price), krakenPart(level.size));
  }
  return String(crc32(parts.join('')));
}

/**
 * OKX v5 `books` checksum: the best 25 levels interleaved as `bidPx:bidSz:askPx:askSz`, a side
 * that runs out simply stops contributing, joined by `:`; CRC32 read as a signed 32-bit integer.
 */
export function okxChecksum(book: BookState): number {
  const bids = book.bids.top(25);
  const asks = book.asks.top(25);
  const parts: string[] = [];
  for (let i = 0; i < 25; i += 1) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) {
      parts.push(bid.price, bid.size);
    }
    if (ask) {
      parts.push(ask.price, ask.size);
    }
  }
  return crc32(parts.join(':')) | 0;
}
