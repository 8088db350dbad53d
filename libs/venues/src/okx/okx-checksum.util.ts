import { crc32 } from 'node:zlib';

import type { BookLevel } from '@tickline/domain';

import type { L2Book } from '../book/l2-book.model';

// OKX v5 order book checksum: the best 25 bids and asks interleaved as
// `bid1Px:bid1Sz:ask1Px:ask1Sz:bid2Px:...` (a side with fewer levels just stops contributing),
// CRC32 read as a signed 32-bit integer. Texts are the venue's own. Verified on all 290 `books`
// messages of the capture. OKX sends 0 instead from June 2026 (checksum deprecation notice).

export const OKX_CHECKSUM_LEVELS = 25;

export function okxChecksumText(book: L2Book): string {
  const bids: BookLevel[] = book.bids.top(OKX_CHECKSUM_LEVELS);
  const asks: BookLevel[] = book.asks.top(OKX_CHECKSUM_LEVELS);
  const parts: string[] = [];
  for (let i = 0; i < OKX_CHECKSUM_LEVELS; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) parts.push(bid[0], bid[1]);
    if (ask) parts.push(ask[0], ask[1]);
  }
  return parts.join(':');
}

/** The signed CRC32 OKX sends as `checksum`. */
export function okxChecksum(book: L2Book): number {
  return crc32(okxChecksumText(book)) | 0;
}
