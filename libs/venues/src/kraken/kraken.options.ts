import { z } from 'zod';

import { commonOptionsShape } from '../core/venue-options.schema';

export const KRAKEN_DEFAULT_WS_URL = 'wss://ws.kraken.com';
export const KRAKEN_DEFAULT_REST_URL = 'https://api.kraken.com';
export const KRAKEN_BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;

export const krakenOptionsSchema = z.strictObject({
  ...commonOptionsShape({ wsUrl: KRAKEN_DEFAULT_WS_URL, restUrl: KRAKEN_DEFAULT_REST_URL }),
  /** `book` subscription depth; the checksum covers the top 10 whatever the depth. */
  bookDepth: z.union(KRAKEN_BOOK_DEPTHS.map((depth) => z.literal(depth))).default(1000),
});

export type KrakenOptionsInput = z.input<typeof krakenOptionsSchema>;
export type KrakenOptions = z.output<typeof krakenOptionsSchema>;
