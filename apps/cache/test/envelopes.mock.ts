import type {
  BookDeltaEnvelope,
  BookLevel,
  BookSnapshotEnvelope,
  TradeEnvelope,
  Venue,
} from '@tickline/domain';

/** Valid envelopes for tests, as the validator publishes them. */
export interface MockMarket {
  venue: Venue;
  symbol: string;
  market: string;
}

export const BINANCE_BTC: MockMarket = { venue: 'binance', symbol: 'BTCUSDT', market: 'BTC-USDT' };
export const KRAKEN_XBT: MockMarket = { venue: 'kraken', symbol: 'XBT/USD', market: 'BTC-USD' };

const BASE_US = 1_764_000_000_000_000;

function base(market: MockMarket, timeUs: number) {
  return {
    v: 1 as const,
    venue: market.venue,
    symbol: market.symbol,
    market: market.market,
    exchangeTimeUs: timeUs,
    receiveTimeUs: timeUs + 150,
    system: 'primary' as const,
    ingesterId: 'ingestor-0',
  };
}

export function tradeOf(
  market: MockMarket,
  price: string,
  size: string,
  step: number,
  side: 'buy' | 'sell' = 'buy',
): TradeEnvelope {
  return {
    ...base(market, BASE_US + step * 1_000),
    type: 'trade',
    payload: { price, size, side, tradeId: String(1_000 + step) },
  };
}

export function snapshotOf(
  market: MockMarket,
  bids: BookLevel[],
  asks: BookLevel[],
  step: number,
): BookSnapshotEnvelope {
  return {
    ...base(market, BASE_US + step * 1_000),
    type: 'book_snapshot',
    lastUpdateId: step,
    payload: { bids, asks },
  };
}

export function deltaOf(
  market: MockMarket,
  bids: BookLevel[],
  asks: BookLevel[],
  step: number,
): BookDeltaEnvelope {
  return {
    ...base(market, BASE_US + step * 1_000),
    type: 'book_delta',
    firstUpdateId: step,
    lastUpdateId: step,
    payload: { bids, asks },
  };
}

export const MOCK_BASE_US = BASE_US;
