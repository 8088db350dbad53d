import { z } from 'zod';

import { expecting } from '../validation/schema-messages.util';

/**
 * Every timestamp in the domain is an integer count of microseconds since the Unix epoch (UTC).
 * Microseconds are the finest unit any supported venue sends (Coinbase ISO times, Bitstamp
 * `microtimestamp`, Kraken `seconds.micros`), so conversion is exact, and as a JavaScript number
 * they stay exact (below 2^53) until the year 2255. The lower bound 2000-01-01 catches the
 * classic unit bug: a millisecond value is a thousand times too small and is rejected.
 */
export const EPOCH_MICROS_MIN = 946_684_800_000_000;
export const EPOCH_MICROS_MAX = Number.MAX_SAFE_INTEGER;

export const MICROS_PER_MILLI = 1_000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60_000_000;
export const MICROS_PER_DAY = 86_400_000_000;

const EPOCH_MICROS_EXPECTATION =
  'epoch microseconds (an integer from 2000-01-01 on, e.g. 1633998523963000)';

export const epochMicrosSchema = z
  .int(expecting(EPOCH_MICROS_EXPECTATION))
  .min(EPOCH_MICROS_MIN, expecting(EPOCH_MICROS_EXPECTATION))
  .max(EPOCH_MICROS_MAX, expecting(EPOCH_MICROS_EXPECTATION));

export type EpochMicros = z.infer<typeof epochMicrosSchema>;

export function isEpochMicros(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= EPOCH_MICROS_MIN &&
    value <= EPOCH_MICROS_MAX
  );
}
