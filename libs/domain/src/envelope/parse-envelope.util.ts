import { safeParseWithSchema } from '../validation/parse-with-schema.util';
import type { SafeParseResult } from '../validation/schema-validation.error';
import { isEnvelopeFast } from './envelope-fast-check.util';
import { type Envelope, envelopeSchema } from './envelope.schema';

/**
 * Validates an envelope. Valid input takes the hand-tuned fast path and comes back as the same
 * object (no copy: do not mutate it afterwards); anything else is judged by `envelopeSchema`,
 * whose error names the path and the reason.
 */
export function safeParseEnvelope(input: unknown): SafeParseResult<Envelope> {
  if (isEnvelopeFast(input)) return { success: true, data: input };
  return safeParseWithSchema(envelopeSchema, input, 'envelope');
}

/** Like `safeParseEnvelope`, but throws `SchemaValidationError`. */
export function parseEnvelope(input: unknown): Envelope {
  if (isEnvelopeFast(input)) return input;
  const result = safeParseWithSchema(envelopeSchema, input, 'envelope');
  if (!result.success) throw result.error;
  return result.data;
}
