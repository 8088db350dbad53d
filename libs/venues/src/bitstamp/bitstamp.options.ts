import { z } from 'zod';

import { commonOptionsShape } from '../core/venue-options.schema';

export const BITSTAMP_DEFAULT_WS_URL = 'wss://ws.bitstamp.net';
export const BITSTAMP_DEFAULT_REST_URL = 'https://www.bitstamp.net';

export const bitstampOptionsSchema = z.strictObject({
  ...commonOptionsShape({ wsUrl: BITSTAMP_DEFAULT_WS_URL, restUrl: BITSTAMP_DEFAULT_REST_URL }),
  /** Diffs held per market while the REST snapshot is in flight. */
  maxBufferedDiffs: z.int().min(1).default(10_000),
});

export type BitstampOptionsInput = z.input<typeof bitstampOptionsSchema>;
export type BitstampOptions = z.output<typeof bitstampOptionsSchema>;
