import type {
  BookDeltaEnvelope,
  BookLevel,
  Envelope,
  System,
  TradeEnvelope,
} from '@tickline/domain';

// Envelopes shaped like the venues' real ones (Binance diffs with U/u, Coinbase trades with a
// sequence, Kraken trades without id), varied only where a test needs it.

/** 2023-11-14T22:13:00Z, a minute boundary. */
export const MINUTE_0 = 1_699_999_980_000_000;
export const MINUTE_US = 60_000_000;

export interface EventOptions {
  readonly system?: System;
  readonly ingesterId?: string;
  /** Receive time minus exchange time (µs). */
  readonly lagUs?: number;
}

export function binanceDelta(
  exchangeTimeUs: number,
  lastUpdateId: number,
  options: EventOptions = {},
  bids: BookLevel[] = [['0.35130000', '6195.00000000']],
  asks: BookLevel[] = [['0.35300000', '0.00000000']],
): BookDeltaEnvelope {
  return {
    v: 1,
    venue: 'binance',
    symbol: 'NKNUSDT',
    market: 'NKN-USDT',
    type: 'book_delta',
    exchangeTimeUs,
    receiveTimeUs: exchangeTimeUs + (options.lagUs ?? 4_000),
    firstUpdateId: lastUpdateId - 2,
    lastUpdateId,
    system: options.system ?? 'primary',
    ingesterId: options.ingesterId ?? 'ingestor-0',
    payload: { bids, asks },
  };
}

export function coinbaseTrade(
  exchangeTimeUs: number,
  seqId: number,
  options: EventOptions = {},
  price = '61240.12',
): TradeEnvelope {
  return {
    v: 1,
    venue: 'coinbase',
    symbol: 'BTC-USD',
    market: 'BTC-USD',
    type: 'trade',
    exchangeTimeUs,
    receiveTimeUs: exchangeTimeUs + (options.lagUs ?? 2_500),
    seqId,
    system: options.system ?? 'primary',
    ingesterId: options.ingesterId ?? 'ingestor-0',
    payload: { price, size: '0.01000000', side: 'sell', tradeId: String(seqId * 3) },
  };
}

export function krakenTrade(
  exchangeTimeUs: number,
  price: string,
  options: EventOptions = {},
): TradeEnvelope {
  return {
    v: 1,
    venue: 'kraken',
    symbol: 'XMR/USD',
    market: 'XMR-USD',
    type: 'trade',
    exchangeTimeUs,
    receiveTimeUs: exchangeTimeUs + (options.lagUs ?? 30_000),
    system: options.system ?? 'primary',
    ingesterId: options.ingesterId ?? 'ingestor-0',
    payload: { price, size: '0.35210000', side: 'buy' },
  };
}

/** A copy as another replica would have received it: own id, own receive clock. */
export function asReplica<T extends Envelope>(event: T, ingesterId: string, lagUs: number): T {
  return { ...event, ingesterId, receiveTimeUs: event.exchangeTimeUs + lagUs };
}

/** A deterministic stream of Binance diffs: `count` events from `startUs`, `stepUs` apart. */
export function binanceDiffs(
  startUs: number,
  count: number,
  stepUs: number,
  firstId = 1_000,
): BookDeltaEnvelope[] {
  const events: BookDeltaEnvelope[] = [];
  for (let i = 0; i < count; i++) {
    const price = (0.3513 + (i % 17) * 0.0001).toFixed(8);
    const size = i % 5 === 0 ? '0.00000000' : (((i * 7919) % 100_000) / 100).toFixed(8);
    events.push(binanceDelta(startUs + i * stepUs, firstId + i * 3, {}, [[price, size]], []));
  }
  return events;
}
