import type { BookDeltaEnvelope, BookLevel, BookSnapshotEnvelope, Venue } from '@tickline/domain';

// Hand-built book envelopes for sync-rule tests: only the fields a rule reads vary.

const T0 = 1_700_000_000_000_000;

interface Ids {
  readonly seqId?: number;
  readonly firstUpdateId?: number;
  readonly lastUpdateId?: number;
  readonly prevId?: number;
  readonly checksum?: number;
  readonly exchangeTimeUs?: number;
}

function base(venue: Venue, symbol: string, ids: Ids) {
  const { exchangeTimeUs = T0, ...sequence } = ids;
  return {
    v: 1 as const,
    venue,
    symbol,
    market: 'BTC-USDT',
    exchangeTimeUs,
    receiveTimeUs: exchangeTimeUs + 1_000,
    ...sequence,
    system: 'primary' as const,
    ingesterId: 'test-0',
  };
}

export function delta(
  venue: Venue,
  ids: Ids,
  bids: BookLevel[] = [['100', '1']],
  asks: BookLevel[] = [],
  symbol = 'BTCUSDT',
): BookDeltaEnvelope {
  return { ...base(venue, symbol, ids), type: 'book_delta', payload: { bids, asks } };
}

export function snapshot(
  venue: Venue,
  ids: Ids,
  bids: BookLevel[] = [['100', '1']],
  asks: BookLevel[] = [['101', '1']],
  depth?: number,
  symbol = 'BTCUSDT',
): BookSnapshotEnvelope {
  return {
    ...base(venue, symbol, ids),
    type: 'book_snapshot',
    payload: depth === undefined ? { bids, asks } : { depth, bids, asks },
  };
}
