import {
  type BookDeltaEnvelope,
  type BookLevel,
  type BookSnapshotEnvelope,
  type Envelope,
  type System,
  toCanonicalJson,
  type TradeEnvelope,
  type Venue,
} from '@tickline/domain';

import type { RawEvent } from '../src/validation/raw-event.type';
import type { ValidationSettings } from '../src/validation/validation-settings.type';

/** 2024-03-01T12:00:00Z in µs: the exchange time the builders count from. */
export const T0 = 1_709_294_400_000_000;
/** When the fixed test clock says alerts are raised. */
export const NOW_US = T0 + 3_600_000_000;

export function testSettings(overrides: Partial<ValidationSettings> = {}): ValidationSettings {
  return {
    service: 'validator',
    instance: 'validator-0',
    maxFutureSkewUs: 5_000_000,
    maxEventAgeUs: 300_000_000,
    dedupeWindow: 1024,
    maxMarkets: 1000,
    maxBookDepth: 5000,
    now: () => NOW_US,
    ...overrides,
  };
}

interface Common {
  /** Exchange time offset from T0, in ms. */
  readonly atMs?: number;
  /** Receive latency after the exchange time, in ms. */
  readonly latencyMs?: number;
  readonly ingesterId?: string;
  readonly system?: System;
}

const MARKETS: Record<string, string> = {
  BTCUSDT: 'BTC-USDT',
  ETHUSDT: 'ETH-USDT',
  'BTC-USD': 'BTC-USD',
  'BTC-USDT': 'BTC-USDT',
  'XBT/USD': 'BTC-USD',
  btcusd: 'BTC-USD',
};

function base(venue: Venue, symbol: string, common: Common) {
  const exchangeTimeUs = T0 + (common.atMs ?? 0) * 1000;
  return {
    v: 1 as const,
    venue,
    symbol,
    market: MARKETS[symbol] ?? 'BTC-USDT',
    exchangeTimeUs,
    receiveTimeUs: exchangeTimeUs + (common.latencyMs ?? 3) * 1000,
    system: common.system ?? ('primary' as const),
    ingesterId: common.ingesterId ?? 'ingestor-a',
  };
}

export function trade(
  venue: Venue,
  symbol: string,
  fields: { tradeId?: string; price?: string; size?: string; side?: 'buy' | 'sell' } & Common,
): TradeEnvelope {
  return {
    ...base(venue, symbol, fields),
    type: 'trade',
    payload: {
      price: fields.price ?? '100.5',
      size: fields.size ?? '0.25',
      side: fields.side ?? 'buy',
      ...(fields.tradeId === undefined ? {} : { tradeId: fields.tradeId }),
    },
  };
}

interface BookFields extends Common {
  readonly bids?: BookLevel[];
  readonly asks?: BookLevel[];
  readonly seqId?: number;
  readonly firstUpdateId?: number;
  readonly lastUpdateId?: number;
  readonly prevId?: number;
  readonly checksum?: number;
}

function sequence(fields: BookFields) {
  return {
    ...(fields.seqId === undefined ? {} : { seqId: fields.seqId }),
    ...(fields.firstUpdateId === undefined ? {} : { firstUpdateId: fields.firstUpdateId }),
    ...(fields.lastUpdateId === undefined ? {} : { lastUpdateId: fields.lastUpdateId }),
    ...(fields.prevId === undefined ? {} : { prevId: fields.prevId }),
    ...(fields.checksum === undefined ? {} : { checksum: fields.checksum }),
  };
}

export function delta(venue: Venue, symbol: string, fields: BookFields = {}): BookDeltaEnvelope {
  return {
    ...base(venue, symbol, fields),
    type: 'book_delta',
    ...sequence(fields),
    payload: { bids: fields.bids ?? [], asks: fields.asks ?? [] },
  };
}

export function snapshot(
  venue: Venue,
  symbol: string,
  fields: BookFields & { depth?: number } = {},
): BookSnapshotEnvelope {
  return {
    ...base(venue, symbol, fields),
    type: 'book_snapshot',
    ...sequence(fields),
    payload: {
      ...(fields.depth === undefined ? {} : { depth: fields.depth }),
      bids: fields.bids ?? [
        ['100.0', '1'],
        ['99.5', '2'],
      ],
      asks: fields.asks ?? [
        ['101.0', '1'],
        ['101.5', '3'],
      ],
    },
  };
}

/** The same venue message as captured by another ingester: its own receive time and id. */
export function copyFrom<T extends Envelope>(
  envelope: T,
  ingesterId: string,
  extraLatencyMs = 2,
  system: System = 'primary',
): T {
  return {
    ...envelope,
    receiveTimeUs: envelope.receiveTimeUs + extraLatencyMs * 1000,
    ingesterId,
    system,
  };
}

let nextOffset = 0;

/** A raw-topic record carrying `value` (an envelope is written as canonical JSON). */
export function rawEvent(
  value: Envelope | string | Buffer | null,
  options: { key?: string | null; partition?: number; offset?: string; topic?: string } = {},
): RawEvent {
  const bytes =
    value === null
      ? null
      : Buffer.isBuffer(value)
        ? value
        : Buffer.from(typeof value === 'string' ? value : toCanonicalJson(value), 'utf8');
  const key =
    options.key !== undefined
      ? options.key
      : value !== null && typeof value === 'object' && !Buffer.isBuffer(value)
        ? `${value.venue}:${value.symbol}`
        : null;
  return {
    topic: options.topic ?? 'md.events.raw.v1',
    partition: options.partition ?? 0,
    offset: options.offset ?? String(nextOffset++),
    key: key === null ? null : Buffer.from(key, 'utf8'),
    value: bytes,
    timestamp: '1709294400000',
  };
}
