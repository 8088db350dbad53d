import { z } from 'zod';

import { dataTypeSchema, systemSchema } from '../envelope/envelope.constants';
import { marketSchema, symbolSchema } from '../market/market.schema';
import { epochMicrosSchema } from '../time/epoch-micros.schema';
import { parseWithSchema, safeParseWithSchema } from '../validation/parse-with-schema.util';
import type { SafeParseResult } from '../validation/schema-validation.error';
import { expecting, expectingObject } from '../validation/schema-messages.util';
import { venueSchema } from '../venue/venue.constants';
import { alertKindSchema, alertSeveritySchema } from './alert.constants';

export const ALERT_VERSION = 1;

/** A service name as it appears in metrics and logs: `validator`, `ingestor`, `cache`. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const serviceNameSchema = z
  .string(expecting('a service name (lower-case, 1-63 of a-z 0-9 -)'))
  .regex(SERVICE_NAME_PATTERN, expecting('a service name (lower-case, 1-63 of a-z 0-9 -)'));

const sequenceOrText = z.union(
  [z.int(), z.string().max(200)],
  expecting('an integer or a string of at most 200 characters'),
);
const scalar = z.union(
  [z.string().max(1000), z.number(), z.boolean(), z.null()],
  expecting('a string, number, boolean or null'),
);

/**
 * Structured facts about an alert. The named fields cover the common kinds; anything else a
 * detector wants to add must be a scalar, so alerts stay flat enough for logs and SQL.
 */
export const alertDetailSchema = z
  .object(
    {
      /** What was expected: the next sequence id, the computed checksum, the max skew. */
      expected: sequenceOrText.optional(),
      /** What arrived instead. */
      received: sequenceOrText.optional(),
      /** How many messages (or ids) are missing, dropped or duplicated. */
      count: z.int(expecting('an integer')).min(0, expecting('a non-negative integer')).optional(),
      /** The lake object concerned (partial windows). */
      lakeKey: z.string(expecting('a string')).optional(),
      /** Start of the minute window concerned (epoch µs). */
      windowStartUs: epochMicrosSchema.optional(),
      /** The envelope field at fault (bad_number, schema_error), e.g. `payload.price`. */
      field: z.string(expecting('a string')).optional(),
      /** Why: a short machine-friendly reason, e.g. `missed_window_start`, `sequence_gap`. */
      reason: z.string(expecting('a string')).optional(),
    },
    expecting('an object'),
  )
  .catchall(scalar);

export const alertSchema = z.strictObject(
  {
    v: z.literal(ALERT_VERSION, expecting(`schema version ${ALERT_VERSION}`)),
    kind: alertKindSchema,
    severity: alertSeveritySchema,
    /** When the alert was raised (epoch µs, the raising service's clock). */
    timeUs: epochMicrosSchema,
    /** The service that raised it. */
    service: serviceNameSchema,
    /** The instance within the service (pod name, ingester id), when it matters. */
    instance: z
      .string(expecting('a string'))
      .max(253, expecting('at most 253 characters'))
      .optional(),
    system: systemSchema.optional(),
    venue: venueSchema.optional(),
    /** Venue-native symbol. */
    symbol: symbolSchema.optional(),
    market: marketSchema.optional(),
    dataType: dataTypeSchema.optional(),
    /** Exchange time of the event that triggered the alert (epoch µs). */
    exchangeTimeUs: epochMicrosSchema.optional(),
    /** One human-readable sentence with the identifiers in it. */
    message: z
      .string(expecting('a message string'))
      .min(1, expecting('a non-empty message'))
      .max(2000, expecting('a message of at most 2000 characters')),
    detail: alertDetailSchema,
  },
  expectingObject('an alert object'),
);

export type AlertDetail = z.infer<typeof alertDetailSchema>;
export type Alert = z.infer<typeof alertSchema>;

export function safeParseAlert(input: unknown): SafeParseResult<Alert> {
  return safeParseWithSchema(alertSchema, input, 'alert');
}

export function parseAlert(input: unknown): Alert {
  return parseWithSchema(alertSchema, input, 'alert');
}
