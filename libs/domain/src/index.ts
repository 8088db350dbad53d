// Public API of @tickline/domain: schemas (zod v4) with their inferred types, closed sets,
// and the pure helpers every service shares. Nothing here does I/O.

export {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  alertKindSchema,
  alertSeveritySchema,
} from './alert/alert.constants';
export type { AlertKind, AlertSeverity } from './alert/alert.constants';
export {
  ALERT_VERSION,
  alertDetailSchema,
  alertSchema,
  parseAlert,
  safeParseAlert,
  SERVICE_NAME_PATTERN,
  serviceNameSchema,
} from './alert/alert.schema';
export type { Alert, AlertDetail } from './alert/alert.schema';

export {
  MARKET_SNAPSHOT_VERSION,
  marketSnapshotSchema,
  parseMarketSnapshot,
  safeParseMarketSnapshot,
} from './cache/market-snapshot.schema';
export type { MarketSnapshot } from './cache/market-snapshot.schema';

export {
  DEAD_LETTER_REASONS,
  DEAD_LETTER_VERSION,
  deadLetterSchema,
  decodeOriginalValue,
  encodeOriginalValue,
  PAYLOAD_ENCODINGS,
  parseDeadLetter,
  safeParseDeadLetter,
} from './dead-letter/dead-letter.schema';
export type {
  DeadLetter,
  DeadLetterReason,
  DeadLetterValue,
  PayloadEncoding,
} from './dead-letter/dead-letter.schema';

export {
  DECIMAL_MAX_LENGTH,
  DECIMAL_PATTERN,
  decimalStringSchema,
  isDecimalString,
  isZeroDecimal,
} from './decimal/decimal.schema';
export type { DecimalString } from './decimal/decimal.schema';

export {
  LOCAL_ENVELOPE_FIELDS,
  parseCanonicalJson,
  parseReplicaNeutralJson,
  safeParseCanonicalJson,
  safeParseReplicaNeutralJson,
  toCanonicalJson,
} from './envelope/canonical-json.util';
export type { CanonicalJsonOptions } from './envelope/canonical-json.util';
export { isEnvelopeFast } from './envelope/envelope-fast-check.util';
export {
  DATA_TYPES,
  dataTypeSchema,
  ENVELOPE_VERSION,
  SIDES,
  sideSchema,
  SYSTEMS,
  systemSchema,
} from './envelope/envelope.constants';
export type { DataType, Side, System } from './envelope/envelope.constants';
export {
  bookDeltaEnvelopeSchema,
  bookDeltaPayloadSchema,
  bookLevelSchema,
  bookSnapshotEnvelopeSchema,
  bookSnapshotPayloadSchema,
  CHECKSUM_MAX,
  CHECKSUM_MIN,
  checksumSchema,
  envelopeSchema,
  INGESTER_ID_PATTERN,
  ingesterIdSchema,
  replicaNeutralEnvelopeSchema,
  sequenceNumberSchema,
  TRADE_ID_PATTERN,
  tradeEnvelopeSchema,
  tradeIdSchema,
  tradePayloadSchema,
} from './envelope/envelope.schema';
export type {
  BookDeltaEnvelope,
  BookDeltaPayload,
  BookEnvelope,
  BookLevel,
  BookSnapshotEnvelope,
  BookSnapshotPayload,
  Envelope,
  ReplicaNeutralEnvelope,
  TradeEnvelope,
  TradePayload,
} from './envelope/envelope.schema';
export { parseEnvelope, safeParseEnvelope } from './envelope/parse-envelope.util';

export {
  DATA_EXCHANGE_EVENT_SOURCE,
  exchangeEventSchema,
  parseExchangeEvent,
  parseRevisionPublishedDetail,
  REVISION_PUBLISHED_DETAIL_TYPE,
  revisionPublishedDetailSchema,
  safeParseExchangeEvent,
} from './exchange/exchange-event.schema';
export type { ExchangeEvent, RevisionPublishedDetail } from './exchange/exchange-event.schema';

export {
  buildLakeKey,
  LAKE_FILE_EXTENSION,
  LAKE_ROOT,
  lakeDayPrefix,
  LakeKeyError,
  lakeKeyPartsOf,
  parseLakeKey,
  safeParseLakeKey,
} from './lake/lake-key.util';
export type { LakeDayParts, LakeKeyParseResult, LakeKeyParts } from './lake/lake-key.util';
export {
  formatWindowLabel,
  minuteWindowOf,
  minuteWindowsOfDay,
  minuteWindowStartUs,
  parseUtcDay,
  parseWindowLabel,
  utcDayOf,
} from './lake/minute-window.util';
export type { MinuteWindow } from './lake/minute-window.util';

export { formatMarketId, parseMarketId } from './market/market-id.util';
export type { MarketId, MarketIdParts } from './market/market-id.util';
export {
  formatMarket,
  isMarket,
  isSymbol,
  MARKET_PATTERN,
  marketSchema,
  parseMarket,
  SYMBOL_PATTERN,
  symbolSchema,
} from './market/market.schema';
export type { Market, MarketParts, NativeSymbol } from './market/market.schema';

export { parsePrometheusText, sumByLabel, sumOf } from './metrics/prometheus-text.util';
export type { MetricSample } from './metrics/prometheus-text.util';

export {
  EPOCH_MICROS_MAX,
  EPOCH_MICROS_MIN,
  epochMicrosSchema,
  isEpochMicros,
  MICROS_PER_DAY,
  MICROS_PER_MILLI,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
} from './time/epoch-micros.schema';
export type { EpochMicros } from './time/epoch-micros.schema';
export {
  isoToMicros,
  microsTextToMicros,
  microsToIso,
  millisToMicros,
  nowMicros,
  secondsTextToMicros,
} from './time/timestamp.util';

export { TOPIC_SPECS, TOPICS, topicSpec } from './topic/topic.constants';
export type { TopicName, TopicSpec } from './topic/topic.constants';

export { describeValue } from './validation/describe-value.util';
export { formatIssuePath } from './validation/issue-path.util';
export { parseWithSchema, safeParseWithSchema } from './validation/parse-with-schema.util';
export { SchemaValidationError } from './validation/schema-validation.error';
export type { SafeParseResult, ValidationIssue } from './validation/schema-validation.error';

export { isVenue, VENUES, venueSchema } from './venue/venue.constants';
export type { Venue } from './venue/venue.constants';
