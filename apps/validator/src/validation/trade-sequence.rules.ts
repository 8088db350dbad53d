import type { Venue } from '@tickline/domain';

/**
 * Venues whose trade ids count up by one per market (Binance `t` and `a`, Coinbase
 * `trade_id`), so a jump is a gap. Other venues' ids are unique but not contiguous (OKX,
 * Bitstamp) or not ordered at all (Bybit's UUIDs): they only deduplicate.
 */
export const CONTIGUOUS_TRADE_ID_VENUES: ReadonlySet<Venue> = new Set<Venue>([
  'binance',
  'coinbase',
]);

const DIGITS = /^[0-9]{1,15}$/;

/** The id as a number when it is a plain integer that a double holds exactly. */
export function numericTradeId(tradeId: string): number | undefined {
  return DIGITS.test(tradeId) ? Number(tradeId) : undefined;
}
