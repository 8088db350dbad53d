import { z } from 'zod';

import { expecting } from '../validation/schema-messages.util';

/**
 * Prices and sizes travel as the venue's exact decimal text: non-negative, plain notation, no
 * sign, no exponent, no leading zeros before the point, no bare point. Trailing zeros are kept
 * (`"0.35210000"` stays as sent; Kraken's checksum depends on it). No capture in the fixtures
 * uses an exponent or a sign, so both are rejected rather than silently normalized.
 */
export const DECIMAL_PATTERN = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
export const DECIMAL_MAX_LENGTH = 40;

const DECIMAL_EXPECTATION = 'a decimal string like "123.45"';

export const decimalStringSchema = z
  .string(expecting(DECIMAL_EXPECTATION))
  .max(DECIMAL_MAX_LENGTH, expecting(DECIMAL_EXPECTATION))
  .regex(DECIMAL_PATTERN, expecting(DECIMAL_EXPECTATION));

export type DecimalString = z.infer<typeof decimalStringSchema>;

export function isDecimalString(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= DECIMAL_MAX_LENGTH && DECIMAL_PATTERN.test(value)
  );
}

const ZERO_PATTERN = /^0(?:\.0+)?$/;

/** True for `"0"`, `"0.00000000"`: a book level with this size is removed. */
export function isZeroDecimal(value: string): boolean {
  return ZERO_PATTERN.test(value);
}
