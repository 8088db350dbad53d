import {
  dataTypeSchema,
  marketSchema,
  symbolSchema,
  systemSchema,
  venueSchema,
} from '@tickline/domain';
import { LAKE_READ_ISSUE_KINDS } from '@tickline/lake';
import { z } from 'zod';

export const MANIFEST_VERSION = 1;

const count = z.int().min(0);
const utcDay = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);

/** Half-open minute range `[from, to)`, both ISO-8601 UTC with microseconds. */
export const minuteRangeSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  minutes: z.int().min(1),
});
export type MinuteRange = z.infer<typeof minuteRangeSchema>;

export const marketCoverageSchema = z.strictObject({
  /** Minutes of the day with data in both systems, one only, or neither; they sum to 1440. */
  minutes: z.strictObject({ both: count, primaryOnly: count, replicaOnly: count, neither: count }),
  primaryOnlyRanges: z.array(minuteRangeSchema),
  replicaOnlyRanges: z.array(minuteRangeSchema),
  /** The gaps both systems missed: no usable object in either. */
  neitherRanges: z.array(minuteRangeSchema),
});
export type MarketCoverage = z.infer<typeof marketCoverageSchema>;

export const csvColumnSchema = z.strictObject({
  name: z.string(),
  type: z.enum(['timestamp', 'integer', 'decimal', 'text']),
  description: z.string(),
});

export const manifestMarketSchema = z.strictObject({
  market: marketSchema,
  /** Venue-native symbols seen for the market (normally one). */
  symbols: z.array(symbolSchema),
  /** CSV rows (one per trade, one per book level). */
  rows: count,
  /** Distinct venue events after dedupe. */
  events: count,
  /** Input events dropped as duplicates of an event already kept. */
  duplicates: count,
  /** Objects read per system (canonical and partial). */
  objects: z.strictObject({ primary: count, replica: count }),
  coverage: marketCoverageSchema,
});
export type ManifestMarket = z.infer<typeof manifestMarketSchema>;

/** One problem met in an input object; nothing bad is dropped without an entry here. */
export const quarantineEntrySchema = z.strictObject({
  system: systemSchema.nullable(),
  key: z.string(),
  /** 1-based line, `null` for the whole object (bad gzip, fetch failure, foreign key). */
  line: z.int().min(1).nullable(),
  kind: z.enum([...LAKE_READ_ISSUE_KINDS, 'foreign']),
  message: z.string(),
  /** The start of the offending line. */
  text: z.string().optional(),
  /** Whether data was left out because of it (`order` issues keep the event). */
  dropped: z.boolean(),
});
export type QuarantineEntry = z.infer<typeof quarantineEntrySchema>;

export const dayManifestSchema = z.strictObject({
  manifestVersion: z.literal(MANIFEST_VERSION),
  dataSet: z.string(),
  venue: venueSchema,
  type: dataTypeSchema,
  day: utcDay,
  file: z.strictObject({
    key: z.string(),
    format: z.literal('csv'),
    compression: z.literal('gzip'),
    csvSchemaVersion: z.int().min(1),
    columns: z.array(csvColumnSchema),
    /** sha256 (hex) of the gzip file's bytes as stored. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: count,
    /** Data rows, without the header. */
    rows: count,
    events: count,
  }),
  /** Row order and dedupe rule, spelled out for subscribers. */
  ordering: z.string(),
  dedupe: z.string(),
  markets: z.array(manifestMarketSchema),
  inputs: z.strictObject({
    objects: z.strictObject({ primary: count, replica: count }),
    events: count,
  }),
  quarantine: z.array(quarantineEntrySchema),
});
export type DayManifest = z.infer<typeof dayManifestSchema>;

export function parseDayManifest(value: unknown): DayManifest {
  return dayManifestSchema.parse(value);
}
