import { z } from 'zod';

import { commonOptionsShape } from '../core/venue-options.schema';

export const COINBASE_DEFAULT_WS_URL = 'wss://ws-feed.exchange.coinbase.com';
export const COINBASE_DEFAULT_REST_URL = 'https://api.exchange.coinbase.com';

export const coinbaseOptionsSchema = z.strictObject({
  ...commonOptionsShape({ wsUrl: COINBASE_DEFAULT_WS_URL, restUrl: COINBASE_DEFAULT_REST_URL }),
  /** `level2` (every change) or `level2_batch` (the same messages batched every 50 ms). */
  level2Channel: z.enum(['level2', 'level2_batch']).default('level2'),
  /** Subscribe the `heartbeat` channel for one product per connection, as a liveness signal. */
  heartbeat: z.boolean().default(true),
});

export type CoinbaseOptionsInput = z.input<typeof coinbaseOptionsSchema>;
export type CoinbaseOptions = z.output<typeof coinbaseOptionsSchema>;
