// Public API of @tickline/publishing: the pure, fast core of the daily publishing run. CSV
// layout per data type, deterministic product keys, the day merge (union, dedupe, sort, gzip
// CSV with sha256) with its manifest (coverage, quarantine), and the lake/S3 adapter. The Data
// Exchange workflow, REST API and scheduling live in the publisher app.

export { appendCsvLines, csvField, isoMicros } from './csv/csv-row.util';
export { CSV_COLUMNS, CSV_SCHEMA_VERSION, csvHeader } from './csv/csv-schema.constants';
export type { CsvColumn } from './csv/csv-schema.constants';
export {
  DATA_SET_NAME_PATTERN,
  PRODUCTS_ROOT,
  productCsvKey,
  productManifestKey,
} from './keys/product-key.util';
export type { ProductDayParts } from './keys/product-key.util';
export { marketCoverage, minuteRanges, MINUTES_PER_DAY } from './manifest/coverage.util';
export {
  csvColumnSchema,
  dayManifestSchema,
  MANIFEST_VERSION,
  manifestMarketSchema,
  marketCoverageSchema,
  minuteRangeSchema,
  parseDayManifest,
  quarantineEntrySchema,
} from './manifest/manifest.schema';
export type {
  DayManifest,
  ManifestMarket,
  MarketCoverage,
  MinuteRange,
  QuarantineEntry,
} from './manifest/manifest.schema';
export { mergeDay } from './merge/day-merge.util';
export type { MergeDayRequest, MergeInputObject } from './merge/day-merge.util';
export { compareOrdered, orderedEvent } from './merge/merge-order.util';
export type { OrderedEvent } from './merge/merge-order.util';
export { decodeLakeObjectFast } from './merge/fast-lake-decode.util';
export { naturalKeyOf } from './merge/natural-key.util';
export { lakeMergeInputs, mergeLakeDayToS3 } from './s3/lake-day.adapter';
export type { LakeMergeInputs, MergeLakeDayToS3Request } from './s3/lake-day.adapter';
