// Public API of @tickline/venues: one adapter per venue behind a common contract (subscriptions,
// message mapping to domain envelopes, REST snapshots, book-sync rules, checksums, heartbeats),
// and the capture-file format the venue replay server and the tests read. Pure logic: sockets,
// clocks and retries belong to the caller.

export {
  CAPTURE_LINE_KINDS,
  CaptureFormatError,
  formatCaptureLine,
  parseCapture,
  parseCaptureLine,
  readCapture,
  safeParseCaptureLine,
  streamCapture,
} from './capture/capture-line.util';
export type { CaptureLine, CaptureLineKind, CaptureLineResult } from './capture/capture-line.util';

export { IGNORE_REASONS } from './core/map-result.type';
export type {
  IgnoredFrame,
  IgnoreReason,
  MappedEvents,
  MappingFailure,
  MapResult,
} from './core/map-result.type';
export { MAPPING_ERROR_REASONS, VenueMappingError } from './core/venue-mapping.error';
export type { MappingErrorReason } from './core/venue-mapping.error';
export { BOOK_SYNC_STATUSES, DROP_REASONS, RESYNC_REASONS } from './core/venue-adapter.interface';
export type {
  BookSync,
  BookSyncStatus,
  ChannelKind,
  ClientFrame,
  ConnectionLimits,
  DropReason,
  HeartbeatPolicy,
  MapperContext,
  ResyncMethod,
  ResyncReason,
  RestSnapshotSpec,
  SnapshotRequest,
  StreamSpec,
  Subscription,
  SyncDecision,
  VenueAdapter,
  VenueMapper,
} from './core/venue-adapter.interface';
export type { VenueDefinition } from './core/venue-options.schema';
export { chunk, planConnections, shardStreams } from './core/sharding.util';
export type { ConnectionPlan } from './core/sharding.util';
export { StreamBookSync } from './core/stream-book-sync.machine';
export type {
  ChecksumRule,
  SequenceRule,
  SequenceVerdict,
  StreamSyncRules,
} from './core/stream-book-sync.machine';

export { compareKeys, L2Book, priceKey } from './book/l2-book.model';

export { createBinanceAdapter } from './binance/binance.adapter';
export { BinanceBookSync } from './binance/binance.book-sync';
export { binanceOptionsSchema } from './binance/binance.options';
export type { BinanceOptions, BinanceOptionsInput } from './binance/binance.options';
export { createBitstampAdapter } from './bitstamp/bitstamp.adapter';
export { BitstampBookSync } from './bitstamp/bitstamp.book-sync';
export { bitstampOptionsSchema } from './bitstamp/bitstamp.options';
export type { BitstampOptions, BitstampOptionsInput } from './bitstamp/bitstamp.options';
export { BYBIT_SEQUENCE_RULE, createBybitAdapter } from './bybit/bybit.adapter';
export { BYBIT_CATEGORIES, bybitOptionsSchema } from './bybit/bybit.options';
export type { BybitCategory, BybitOptions, BybitOptionsInput } from './bybit/bybit.options';
export { createCoinbaseAdapter } from './coinbase/coinbase.adapter';
export { coinbaseOptionsSchema } from './coinbase/coinbase.options';
export type { CoinbaseOptions, CoinbaseOptionsInput } from './coinbase/coinbase.options';
export { createKrakenAdapter } from './kraken/kraken.adapter';
export { krakenChecksum, krakenChecksumText } from './kraken/kraken-checksum.util';
export { krakenOptionsSchema } from './kraken/kraken.options';
export type { KrakenOptions, KrakenOptionsInput } from './kraken/kraken.options';
export { createOkxAdapter, OKX_SEQUENCE_RULE } from './okx/okx.adapter';
export { okxChecksum, okxChecksumText } from './okx/okx-checksum.util';
export { okxOptionsSchema } from './okx/okx.options';
export type { OkxOptions, OkxOptionsInput } from './okx/okx.options';

export { createVenueAdapter, mergeVenueDefinitions, VENUE_DEFINITIONS } from './registry';
