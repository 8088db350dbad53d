import { longestFirst, splitByQuote, tryFormatMarket } from '../core/market-resolver.util';

/** Quote assets of Binance spot (USDT, BTC, ...), matched as the longest suffix of a symbol. */
export const BINANCE_QUOTES = longestFirst([
  'USDT',
  'USDC',
  'FDUSD',
  'TUSD',
  'BUSD',
  'USDP',
  'DAI',
  'UST',
  'PAX',
  'AEUR',
  'EURI',
  'BTC',
  'ETH',
  'BNB',
  'XRP',
  'TRX',
  'DOGE',
  'DOT',
  'VAI',
  'EUR',
  'GBP',
  'TRY',
  'AUD',
  'BRL',
  'RUB',
  'UAH',
  'BIDR',
  'IDRT',
  'NGN',
  'ZAR',
  'PLN',
  'RON',
  'ARS',
  'JPY',
  'MXN',
  'COP',
  'CZK',
  'BKRW',
]);

/** `NKNUSDT` -> `NKN-USDT`, `RUNEEUR` -> `RUNE-EUR`. */
export function binanceMarketOf(symbol: string): string | undefined {
  const parts = splitByQuote(symbol, BINANCE_QUOTES);
  return parts && tryFormatMarket(parts.base, parts.quote);
}
