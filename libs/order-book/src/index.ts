// Public API of @tickline/order-book: the L2 book engine (sorted price levels holding the
// venue's exact text), a container for many markets, and the venue checksums computed from a
// book. Pure computation, no I/O; depends only on @tickline/domain types.

export { DepthView } from './book/depth-view.model';
export { InvalidLevelError } from './book/invalid-level.error';
export { OrderBook } from './book/order-book.model';
export { BOOK_SIDES } from './book/order-book.types';
export type {
  BookLevels,
  BookSide,
  BookUpdate,
  LevelVisitor,
  OrderBookOptions,
} from './book/order-book.types';

export { crc32 } from './checksum/crc32.util';
export {
  CHECKSUM_VENUES,
  KRAKEN_CHECKSUM_DEPTH,
  krakenChecksum,
  OKX_CHECKSUM_DEPTH,
  okxChecksum,
  venueChecksum,
} from './checksum/venue-checksum.util';

export {
  classifySize,
  decimalToNumber,
  SIZE_INVALID,
  SIZE_POSITIVE,
  SIZE_ZERO,
} from './decimal/decimal-key.util';
export type { SizeKind } from './decimal/decimal-key.util';
export { compareDecimalText, subtractDecimalText } from './decimal/decimal-text.util';

export { MarketBooks } from './markets/market-books.store';
export type { MarketBookUpdate, MarketBooksOptions } from './markets/market-books.store';
