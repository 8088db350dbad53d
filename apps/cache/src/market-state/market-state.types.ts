import type { BookLevel, Envelope, System, TradeEnvelope, Venue } from '@tickline/domain';
import type { OrderBook } from '@tickline/order-book';

/** Where an event was read: a partition of the valid topic and its offset. */
export interface StorePosition {
  partition: number;
  offset: number;
}

/** `covered`: the market's snapshot already reflects the event, so it was skipped. */
export type ApplyOutcome = 'applied' | 'covered';

/** One market's live state (mutable, owned by MarketStateStore). */
export interface MarketState {
  readonly id: string;
  readonly venue: Venue;
  readonly symbol: string;
  readonly market: string;
  readonly book: OrderBook;
  hasBook: boolean;
  /** Provenance of the last book event, carried into snapshots. */
  bookSystem: System;
  bookIngesterId: string;
  lastTrade: TradeEnvelope | null;
  /** Latest exchange and ingester-receive times over all of the market's events (epoch µs). */
  lastExchangeTimeUs: number;
  lastReceiveTimeUs: number;
  /** When this cache last changed the market (local clock, epoch µs). */
  lastAppliedAtUs: number;
  eventCount: number;
  /** Bumped on every applied event; snapshots are published when it moved. */
  version: number;
  publishedVersion: number;
  /** From a restored snapshot: per partition, the offset the restored state reflects. */
  coveredOffsets: Map<number, number> | undefined;
}

export type MarketChangeListener = (state: MarketState, envelope: Envelope) => void;

export interface Staleness {
  lastExchangeTimeUs: number;
  lastReceiveTimeUs: number;
  /** Milliseconds since the last event's receive time (the ingester's clock). */
  ageMs: number;
  stale: boolean;
}

export interface MarketIdentity {
  /** Market id `venue:symbol`. */
  id: string;
  venue: Venue;
  symbol: string;
  market: string;
}

export interface MarketSummary extends MarketIdentity, Staleness {
  hasTrade: boolean;
  hasBook: boolean;
  bidLevels: number;
  askLevels: number;
  lastAppliedAtUs: number;
  eventCount: number;
}

export interface TradeView extends MarketIdentity, Staleness {
  trade: TradeEnvelope | null;
}

export interface BookView extends MarketIdentity, Staleness {
  bids: BookLevel[];
  asks: BookLevel[];
  bidLevels: number;
  askLevels: number;
  crossed: boolean;
  /** Best ask minus best bid, exact decimal text; null when a side is empty. */
  spread: string | null;
  seqId: number | null;
  lastUpdateId: number | null;
  checksum: number | null;
  bookExchangeTimeUs: number | null;
  bookReceiveTimeUs: number | null;
}
