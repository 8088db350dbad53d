import type { Venue } from '@tickline/domain';

import type { OrderBook } from '../book/order-book.model';
import { CRC32_INITIAL, CRC32_TABLE, crc32Signed, crc32Unsigned } from './crc32.util';

// Venue book checksums computed from the book's own top levels and exact text, one character
// at a time (no checksum string is built). Both were checked against every checksum in the
// bundled captures (test/venue-checksums.spec.ts). The CRC update is inlined with a module-local
// table: CommonJS output reads imports through export getters, which cost more than the update
// itself in a per-character loop.

const TABLE = CRC32_TABLE;

/** Levels per side that Kraken's checksum covers. */
export const KRAKEN_CHECKSUM_DEPTH = 10;
/** Levels per side that OKX's checksum covers. */
export const OKX_CHECKSUM_DEPTH = 25;

const DOT = 46;
const ZERO = 48;
const COLON = 58;

/** Feeds `text` without its point and without the zeros before its first significant digit. */
function feedKrakenDigits(crc: number, text: string): number {
  let value = crc;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) continue;
    if (leading) {
      if (code === ZERO) continue;
      leading = false;
    }
    value = (TABLE[(value ^ code) & 0xff] as number) ^ (value >>> 8);
  }
  return value;
}

function feedText(crc: number, text: string): number {
  let value = crc;
  for (let i = 0; i < text.length; i++) {
    value = (TABLE[(value ^ text.charCodeAt(i)) & 0xff] as number) ^ (value >>> 8);
  }
  return value;
}

function feedColon(crc: number): number {
  return (TABLE[(crc ^ COLON) & 0xff] as number) ^ (crc >>> 8);
}

/**
 * Kraken WS book checksum (the `c` field), as an unsigned 32-bit integer: CRC-32 of the top 10
 * asks from the lowest price up, then the top 10 bids from the highest down, each level written
 * as its price then its size, both with the point and leading zeros removed
 * (`"0.04299000"` becomes `"4299000"`).
 */
export function krakenChecksum(book: OrderBook): number {
  let crc = CRC32_INITIAL;
  const asks = Math.min(KRAKEN_CHECKSUM_DEPTH, book.levelCount('asks'));
  for (let rank = 0; rank < asks; rank++) {
    crc = feedKrakenDigits(crc, book.priceTextAt('asks', rank) as string);
    crc = feedKrakenDigits(crc, book.sizeTextAt('asks', rank) as string);
  }
  const bids = Math.min(KRAKEN_CHECKSUM_DEPTH, book.levelCount('bids'));
  for (let rank = 0; rank < bids; rank++) {
    crc = feedKrakenDigits(crc, book.priceTextAt('bids', rank) as string);
    crc = feedKrakenDigits(crc, book.sizeTextAt('bids', rank) as string);
  }
  return crc32Unsigned(crc);
}

/**
 * OKX v5 order-book checksum (the `checksum` field), as a signed 32-bit integer: CRC-32 of the
 * top 25 levels interleaved as `bidPx:bidSz:askPx:askSz:...`; where one side has fewer levels
 * the other's continue alone. Text is used exactly as sent. (OKX announced that the field
 * becomes always 0 in 2026; a 0 from OKX then means "no checksum".)
 */
export function okxChecksum(book: OrderBook): number {
  let crc = CRC32_INITIAL;
  const bids = Math.min(OKX_CHECKSUM_DEPTH, book.levelCount('bids'));
  const asks = Math.min(OKX_CHECKSUM_DEPTH, book.levelCount('asks'));
  const depth = Math.max(bids, asks);
  let first = true;
  for (let rank = 0; rank < depth; rank++) {
    if (rank < bids) {
      if (!first) crc = feedColon(crc);
      first = false;
      crc = feedText(crc, book.priceTextAt('bids', rank) as string);
      crc = feedColon(crc);
      crc = feedText(crc, book.sizeTextAt('bids', rank) as string);
    }
    if (rank < asks) {
      if (!first) crc = feedColon(crc);
      first = false;
      crc = feedText(crc, book.priceTextAt('asks', rank) as string);
      crc = feedColon(crc);
      crc = feedText(crc, book.sizeTextAt('asks', rank) as string);
    }
  }
  return crc32Signed(crc);
}

/** Venues whose events carry a book checksum this library can recompute. */
export const CHECKSUM_VENUES: readonly Venue[] = ['kraken', 'okx'];

/**
 * The checksum `venue` would send for this book, in the form the envelope's `checksum` field
 * holds (Kraken unsigned, OKX signed), or `undefined` for venues without one.
 */
export function venueChecksum(venue: Venue, book: OrderBook): number | undefined {
  if (venue === 'kraken') return krakenChecksum(book);
  if (venue === 'okx') return okxChecksum(book);
  return undefined;
}
