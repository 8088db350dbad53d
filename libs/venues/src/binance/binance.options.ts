import { z } from 'zod';

import { commonOptionsShape } from '../core/venue-options.schema';

export const BINANCE_DEFAULT_WS_URL = 'wss://stream.binance.com:9443';
export const BINANCE_DEFAULT_REST_URL = 'https://api.binance.com';

export const binanceOptionsSchema = z.strictObject({
  ...commonOptionsShape({ wsUrl: BINANCE_DEFAULT_WS_URL, restUrl: BINANCE_DEFAULT_REST_URL }),
  /** `trade` gives every trade with its own id; `aggTrade` merges fills of one taker order. */
  tradeStream: z.enum(['trade', 'aggTrade']).default('trade'),
  /** Diff-depth push interval: `@depth@100ms` or `@depth` (1000 ms). */
  depthInterval: z.enum(['100ms', '1000ms']).default('100ms'),
  /** `/api/v3/depth` limit for snapshots (1..5000; 1000 costs weight 50, 5000 costs 250). */
  snapshotLimit: z.int().min(1).max(5000).default(1000),
  /** Subscribe with SUBSCRIBE frames, or name the streams in the connection URL. */
  subscribeVia: z.enum(['frames', 'url']).default('frames'),
  /** Diffs held per market while the REST snapshot is in flight. */
  maxBufferedDiffs: z.int().min(1).default(10_000),
});

export type BinanceOptionsInput = z.input<typeof binanceOptionsSchema>;
export type BinanceOptions = z.output<typeof binanceOptionsSchema>;
