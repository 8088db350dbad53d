import { z } from 'zod';

import { serviceNameSchema } from '../alert/alert.schema';
import { epochMicrosSchema } from '../time/epoch-micros.schema';
import { parseWithSchema, safeParseWithSchema } from '../validation/parse-with-schema.util';
import type { SafeParseResult } from '../validation/schema-validation.error';
import { expecting, expectingObject } from '../validation/schema-messages.util';

export const DEAD_LETTER_VERSION = 1;

export const DEAD_LETTER_REASONS = [
  /** The bytes are not JSON (or not UTF-8). */
  'invalid_json',
  /** JSON, but not a valid envelope (the error lists path and reason). */
  'schema_error',
  /** A schema version this consumer does not know. */
  'unsupported_version',
  /** Valid input that the consumer could not process (a bug or a broken invariant). */
  'processing_error',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** How the original message value is kept: UTF-8 text when it is valid UTF-8, else base64. */
export const PAYLOAD_ENCODINGS = ['utf8', 'base64'] as const;
export type PayloadEncoding = (typeof PAYLOAD_ENCODINGS)[number];

const issueSchema = z.strictObject(
  {
    path: z.string(expecting('a string')),
    message: z.string(expecting('a string')),
  },
  expectingObject('an issue object'),
);

export const deadLetterSchema = z.strictObject(
  {
    v: z.literal(DEAD_LETTER_VERSION, expecting(`schema version ${DEAD_LETTER_VERSION}`)),
    /** When the message was dead-lettered (epoch µs). */
    timeUs: epochMicrosSchema,
    /** The consumer that gave up on it. */
    service: serviceNameSchema,
    reason: z.enum(DEAD_LETTER_REASONS, expecting(`one of ${DEAD_LETTER_REASONS.join(', ')}`)),
    error: z.strictObject(
      {
        message: z.string(expecting('a string')),
        issues: z.array(issueSchema, expecting('an array of issues')).optional(),
      },
      expectingObject('an error object'),
    ),
    /** Where the message was read from, so it can be found and replayed. */
    source: z.strictObject(
      {
        topic: z.string(expecting('a topic name')).min(1, expecting('a topic name')),
        partition: z.int(expecting('a partition number')).min(0, expecting('a partition number')),
        /** Kafka offsets are 64-bit; kept as the decimal text clients report. */
        offset: z
          .string(expecting('an offset as digits'))
          .regex(/^[0-9]{1,20}$/, expecting('an offset as digits')),
        key: z.string(expecting('a string or null')).nullable(),
        /** The Kafka record timestamp (epoch ms, as text like kafkajs reports it). */
        timestamp: z
          .string(expecting('epoch milliseconds as digits'))
          .regex(/^[0-9]{1,16}$/, expecting('epoch milliseconds as digits'))
          .optional(),
      },
      expectingObject('a source object'),
    ),
    /** The original message value, byte for byte; null for a Kafka tombstone. */
    value: z
      .strictObject(
        {
          encoding: z.enum(PAYLOAD_ENCODINGS, expecting(`one of ${PAYLOAD_ENCODINGS.join(', ')}`)),
          data: z.string(expecting('a string')),
        },
        expectingObject('a value object or null'),
      )
      .nullable(),
    headers: z.record(z.string(), z.string(expecting('a string'))).optional(),
  },
  expectingObject('a dead-letter object'),
);

export type DeadLetter = z.infer<typeof deadLetterSchema>;
export type DeadLetterValue = NonNullable<DeadLetter['value']>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Keeps the original bytes exactly: as text when they are valid UTF-8, otherwise base64. */
export function encodeOriginalValue(bytes: Uint8Array): DeadLetterValue {
  try {
    return { encoding: 'utf8', data: strictUtf8.decode(bytes) };
  } catch {
    return { encoding: 'base64', data: Buffer.from(bytes).toString('base64') };
  }
}

export function decodeOriginalValue(value: DeadLetterValue): Buffer {
  return value.encoding === 'utf8'
    ? Buffer.from(value.data, 'utf8')
    : Buffer.from(value.data, 'base64');
}

export function safeParseDeadLetter(input: unknown): SafeParseResult<DeadLetter> {
  return safeParseWithSchema(deadLetterSchema, input, 'dead-letter record');
}

export function parseDeadLetter(input: unknown): DeadLetter {
  return parseWithSchema(deadLetterSchema, input, 'dead-letter record');
}
