import { z } from 'zod';

import { describeValue } from '../validation/describe-value.util';
import { expecting } from '../validation/schema-messages.util';

/**
 * A venue-native symbol exactly as the venue spells it (`BTCUSDT`, `BTC-USD`, `XBT/USD`,
 * `btcusd`, `BTC-USD-SWAP`). No `:` (it separates venue and symbol in a market id), no spaces.
 */
export const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;

/**
 * A normalized market: upper-case `BASE-QUOTE`, plus an optional contract segment for
 * derivatives (`BTC-USD-SWAP`, `BTC-USD-220527`). Never contains `/`, `_` or `:`, so it is safe
 * inside lake keys and file names.
 */
export const MARKET_PATTERN = /^[A-Z0-9]{1,20}-[A-Z0-9]{1,20}(?:-[A-Z0-9]{1,20})?$/;

export const symbolSchema = z
  .string(expecting('a venue-native symbol (1-40 of A-Z a-z 0-9 / _ . -)'))
  .regex(SYMBOL_PATTERN, expecting('a venue-native symbol (1-40 of A-Z a-z 0-9 / _ . -)'));

const MARKET_EXPECTATION = 'a market like "BTC-USDT" (upper-case BASE-QUOTE[-CONTRACT])';
export const marketSchema = z
  .string(expecting(MARKET_EXPECTATION))
  .regex(MARKET_PATTERN, expecting(MARKET_EXPECTATION));

export type NativeSymbol = z.infer<typeof symbolSchema>;
export type Market = z.infer<typeof marketSchema>;

export interface MarketParts {
  readonly base: string;
  readonly quote: string;
  /** Derivatives only: `SWAP`, an expiry like `220527`, `PERP`. */
  readonly contract?: string;
}

export function isSymbol(value: unknown): value is string {
  return typeof value === 'string' && SYMBOL_PATTERN.test(value);
}

export function isMarket(value: unknown): value is string {
  return typeof value === 'string' && MARKET_PATTERN.test(value);
}

export function parseMarket(market: string): MarketParts {
  if (!isMarket(market)) {
    throw new Error(`Invalid market: expected ${MARKET_EXPECTATION}, got ${describeValue(market)}`);
  }
  const [base, quote, contract] = market.split('-') as [string, string, string?];
  return contract === undefined ? { base, quote } : { base, quote, contract };
}

/** Builds a normalized market from its parts, upper-casing them (venues mix cases). */
export function formatMarket(parts: MarketParts): string {
  const market = [parts.base, parts.quote, parts.contract]
    .filter((part): part is string => part !== undefined)
    .map((part) => part.toUpperCase())
    .join('-');
  if (!isMarket(market)) {
    throw new Error(`Invalid market parts: ${JSON.stringify(parts)} give ${describeValue(market)}`);
  }
  return market;
}
