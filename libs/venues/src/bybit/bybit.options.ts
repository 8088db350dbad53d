import { marketSchema, symbolSchema } from '@tickline/domain';
import { z } from 'zod';

export const BYBIT_CATEGORIES = ['spot', 'linear', 'inverse'] as const;
export type BybitCategory = (typeof BYBIT_CATEGORIES)[number];
export const BYBIT_DEFAULT_REST_URL = 'https://api.bybit.com';
export const BYBIT_BOOK_DEPTHS = [1, 50, 200, 1000] as const;

export function bybitDefaultWsUrl(category: BybitCategory): string {
  return `wss://stream.bybit.com/v5/public/${category}`;
}

export const bybitOptionsSchema = z.strictObject({
  /** v5 public streams are per category; one adapter instance serves one category. */
  category: z.enum(BYBIT_CATEGORIES).default('spot'),
  /** Full WebSocket URL; defaults to the category's public endpoint. */
  wsUrl: z.url().optional(),
  restUrl: z.url().default(BYBIT_DEFAULT_REST_URL),
  markets: z.record(symbolSchema, marketSchema).default({}),
  /** `orderbook.{depth}.{symbol}` depth. */
  bookDepth: z.union(BYBIT_BOOK_DEPTHS.map((depth) => z.literal(depth))).default(200),
});

export type BybitOptionsInput = z.input<typeof bybitOptionsSchema>;
export type BybitOptions = z.output<typeof bybitOptionsSchema>;
