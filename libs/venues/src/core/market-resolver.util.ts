import { formatMarket, isMarket, isSymbol } from '@tickline/domain';

import { fault } from './frame-fields.util';

/** Turns a venue-native symbol into a normalized market, or `undefined` when it cannot tell. */
export type MarketDeriver = (symbol: string) => string | undefined;

/**
 * A cached symbol -> market lookup: configured overrides first (for symbols no rule can split,
 * e.g. a new quote asset), then the venue's own rule. Mappers call `marketFor` for every frame,
 * so each symbol is derived once.
 */
export class MarketResolver {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly derive: MarketDeriver,
    overrides: Readonly<Record<string, string>> = {},
  ) {
    for (const [symbol, market] of Object.entries(overrides)) {
      if (!isMarket(market)) {
        throw new Error(
          `Market override for ${symbol} is not a market like "BTC-USDT": ${JSON.stringify(market)}`,
        );
      }
      this.cache.set(symbol, market);
    }
  }

  /** The market of a symbol, or `undefined` when neither an override nor the rule knows it. */
  marketOf(symbol: string): string | undefined {
    const cached = this.cache.get(symbol);
    if (cached !== undefined) return cached;
    const market = this.derive(symbol);
    if (market === undefined || !isMarket(market)) return undefined;
    this.cache.set(symbol, market);
    return market;
  }

  /** For mappers: the market, or an `unknown_symbol` fault naming the symbol. */
  marketFor(symbol: string, path: string): string {
    const cached = this.cache.get(symbol);
    if (cached !== undefined) return cached;
    if (!isSymbol(symbol)) {
      fault(
        'unexpected_shape',
        `expected a venue symbol, got ${JSON.stringify((symbol as string).slice(0, 40))}`,
        path,
      );
    }
    return (
      this.marketOf(symbol) ??
      fault(
        'unknown_symbol',
        `no market known for symbol ${JSON.stringify(symbol)} (add it to the adapter's markets option)`,
        path,
      )
    );
  }
}

/**
 * Splits a concatenated symbol (`NKNUSDT`, `ethusd`) at the longest known quote suffix. Returns
 * `undefined` when no quote matches or nothing would be left for the base.
 */
export function splitByQuote(
  symbol: string,
  quotesLongestFirst: readonly string[],
): { base: string; quote: string } | undefined {
  const upper = symbol.toUpperCase();
  for (const quote of quotesLongestFirst) {
    if (upper.length > quote.length && upper.endsWith(quote)) {
      return { base: upper.slice(0, upper.length - quote.length), quote };
    }
  }
  return undefined;
}

/** Sorts quote assets longest first, so `FDUSD` wins over `USD` and `USDT` over `USD`. */
export function longestFirst(quotes: readonly string[]): readonly string[] {
  return [...new Set(quotes.map((quote) => quote.toUpperCase()))].sort(
    (a, b) => b.length - a.length || a.localeCompare(b),
  );
}

/** `formatMarket` that answers `undefined` instead of throwing (for derivation rules). */
export function tryFormatMarket(
  base: string,
  quote: string,
  contract?: string,
): string | undefined {
  try {
    return formatMarket(contract === undefined ? { base, quote } : { base, quote, contract });
  } catch {
    return undefined;
  }
}
