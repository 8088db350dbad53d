import { z } from 'zod';

import { commonOptionsShape } from '../core/venue-options.schema';

export const OKX_DEFAULT_WS_URL = 'wss://ws.okx.com:8443/ws/v5/public';
export const OKX_DEFAULT_REST_URL = 'https://www.okx.com';

/** Depth of the first snapshot of each incremental book channel. */
export const OKX_BOOK_CHANNEL_DEPTHS = {
  books: 400,
  'books-l2-tbt': 400,
  'books50-l2-tbt': 50,
} as const;
export type OkxBookChannel = keyof typeof OKX_BOOK_CHANNEL_DEPTHS;

export const okxOptionsSchema = z.strictObject({
  ...commonOptionsShape({ wsUrl: OKX_DEFAULT_WS_URL, restUrl: OKX_DEFAULT_REST_URL }),
  /** Incremental book channel: `books` (400 levels, 100 ms) or a tick-by-tick one (VIP tiers). */
  bookChannel: z.enum(['books', 'books-l2-tbt', 'books50-l2-tbt']).default('books'),
});

export type OkxOptionsInput = z.input<typeof okxOptionsSchema>;
export type OkxOptions = z.output<typeof okxOptionsSchema>;
