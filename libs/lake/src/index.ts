// Public API of @tickline/lake: the raw lake's minute batching (pure), canonical object bytes,
// the S3 writer (conditional puts, dedup, partial windows) and the reader (listing, streamed
// decoding with per-line issues). Key layout and canonical JSON come from @tickline/domain.

export { EVENT_OVERHEAD_BYTES, LakeWindow, MAX_WINDOW_GAPS } from './batch/lake-window.model';
export { MinuteBatcher } from './batch/minute-batcher.model';
export type { ClosedWindow } from './batch/minute-batcher.model';
export { GAP_REASONS, PARTIAL_REASONS } from './batch/minute-batcher.types';
export type {
  GapReason,
  GapReport,
  LakeStream,
  MinuteBatcherOptions,
  MinuteBatcherStats,
  PartialReason,
  PushResult,
  WindowCloseCause,
  MissingRange,
  WindowGap,
  WindowInfo,
} from './batch/minute-batcher.types';

export {
  encodeLakeEvents,
  encodeLakeEventsSync,
  encodeWindow,
  encodeWindowSync,
} from './encode/encode-window.util';
export type { EncodedWindow, LakeBody } from './encode/encode-window.util';
export { compareLakeEvents, compareTradeIds, sequenceKeyOf } from './encode/event-order.util';
export {
  gzipLakeBody,
  gzipLakeBodySync,
  LAKE_GZIP_HEADER,
  LAKE_GZIP_LEVEL,
  LAKE_GZIP_OPTIONS,
} from './encode/lake-gzip.util';

export { groupLakeWindows, listLakeDay } from './read/lake-listing.util';
export type { LakeDayListing, LakeObjectInfo, LakeWindowObjects } from './read/lake-listing.util';
export { collectLakeObject, decodeLakeObject, readLakeObject } from './read/lake-object.reader';
export type { DecodedLakeObject, LakeReadOptions, LakeS3Client } from './read/lake-object.reader';
export { LAKE_READ_ISSUE_KINDS, LakeReadError } from './read/lake-read.error';
export type { LakeIssueHandler, LakeReadIssue, LakeReadIssueKind } from './read/lake-read.error';

export {
  LAKE_CONTENT_TYPE,
  LAKE_FORMAT_VERSION,
  LAKE_METADATA,
} from './write/lake-object-metadata.constants';
export type { LakeMetricLabels, LakeWriterMetrics } from './write/lake-writer-metrics.interface';
export { LakeWriteError } from './write/lake-writer.types';
export type {
  DedupVerification,
  LakeObjectKind,
  LakeRetryOptions,
  LakeWriteOutcome,
  LakeWriteResult,
  LakeWriterOptions,
} from './write/lake-writer.types';
export { LakeWriter } from './write/lake.writer';
export { isTransientS3Error } from './write/s3-error.util';
