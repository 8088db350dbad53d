import { longestFirst, splitByQuote, tryFormatMarket } from '../core/market-resolver.util';
import type { BybitCategory } from './bybit.options';

/** Quote coins of Bybit spot pairs and linear contracts. */
export const BYBIT_QUOTES = longestFirst([
  'USDT',
  'USDC',
  'USDE',
  'BTC',
  'ETH',
  'EUR',
  'BRL',
  'DAI',
  'MNT',
  'USD',
]);

const DATED = /^([A-Z0-9]+)-([0-9]{1,2}[A-Z]{3}[0-9]{2})$/;
const INVERSE_FUTURE = /^([A-Z0-9]+?)USD([FGHJKMNQUVXZ][0-9]{2})$/;

/**
 * Spot `BTCUSDT` -> `BTC-USDT`. Derivatives get a contract segment, so they never share a
 * market with spot: linear `BTCUSDT` -> `BTC-USDT-PERP`, USDC perpetual `BTCPERP` ->
 * `BTC-USDC-PERP`, USDC future `BTC-26DEC25` -> `BTC-USDC-26DEC25`, USDT future
 * `BTCUSDT-26DEC25` -> `BTC-USDT-26DEC25`, inverse `BTCUSD` -> `BTC-USD-PERP`, inverse future
 * `BTCUSDH25` -> `BTC-USD-H25`. Anything else needs a `markets` override.
 */
export function bybitMarketOf(symbol: string, category: BybitCategory): string | undefined {
  if (category === 'spot') {
    const parts = splitByQuote(symbol, BYBIT_QUOTES);
    return parts && tryFormatMarket(parts.base, parts.quote);
  }
  if (category === 'inverse') {
    const future = INVERSE_FUTURE.exec(symbol);
    if (future) return tryFormatMarket(future[1] as string, 'USD', future[2]);
    return symbol.endsWith('USD') && symbol.length > 3
      ? tryFormatMarket(symbol.slice(0, -3), 'USD', 'PERP')
      : undefined;
  }
  if (symbol.endsWith('PERP') && symbol.length > 4) {
    return tryFormatMarket(symbol.slice(0, -4), 'USDC', 'PERP');
  }
  const dated = DATED.exec(symbol);
  if (dated) {
    const head = dated[1] as string;
    const parts = splitByQuote(head, BYBIT_QUOTES);
    return parts
      ? tryFormatMarket(parts.base, parts.quote, dated[2])
      : tryFormatMarket(head, 'USDC', dated[2]);
  }
  const parts = splitByQuote(symbol, BYBIT_QUOTES);
  return parts && tryFormatMarket(parts.base, parts.quote, 'PERP');
}
