import type {
  BookView,
  MarketIdentity,
  MarketSummary,
  Staleness,
  TradeView,
} from '../market-state/market-state.types';

// Store views as the proto messages of tickline.cache.v1 (camelCase, as proto-loader reads).

function marketInfo(view: MarketIdentity) {
  return { id: view.id, venue: view.venue, symbol: view.symbol, market: view.market };
}

function staleness(view: Staleness) {
  return {
    lastExchangeTimeUs: view.lastExchangeTimeUs,
    lastReceiveTimeUs: view.lastReceiveTimeUs,
    ageMs: view.ageMs,
    stale: view.stale,
  };
}

export function latestTradeMessage(view: TradeView) {
  const trade = view.trade;
  return {
    market: marketInfo(view),
    trade:
      trade === null
        ? null
        : {
            price: trade.payload.price,
            size: trade.payload.size,
            side: trade.payload.side,
            tradeId: trade.payload.tradeId ?? '',
            exchangeTimeUs: trade.exchangeTimeUs,
            receiveTimeUs: trade.receiveTimeUs,
            system: trade.system,
            ingesterId: trade.ingesterId,
          },
    staleness: staleness(view),
  };
}

export function bookMessage(view: BookView) {
  const message: Record<string, unknown> = {
    market: marketInfo(view),
    bids: view.bids.map(([price, size]) => ({ price, size })),
    asks: view.asks.map(([price, size]) => ({ price, size })),
    bidLevels: view.bidLevels,
    askLevels: view.askLevels,
    crossed: view.crossed,
    spread: view.spread ?? '',
    bookExchangeTimeUs: view.bookExchangeTimeUs ?? 0,
    bookReceiveTimeUs: view.bookReceiveTimeUs ?? 0,
    staleness: staleness(view),
  };
  // proto3 `optional`: left out when the venue sent no such field.
  if (view.seqId !== null) message.seqId = view.seqId;
  if (view.lastUpdateId !== null) message.lastUpdateId = view.lastUpdateId;
  if (view.checksum !== null) message.checksum = view.checksum;
  return message;
}

export function marketSummaryMessage(summary: MarketSummary) {
  return {
    market: marketInfo(summary),
    hasTrade: summary.hasTrade,
    hasBook: summary.hasBook,
    bidLevels: summary.bidLevels,
    askLevels: summary.askLevels,
    lastAppliedAtUs: summary.lastAppliedAtUs,
    eventCount: summary.eventCount,
    staleness: staleness(summary),
  };
}
