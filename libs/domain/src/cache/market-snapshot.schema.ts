import { z } from 'zod';

import { bookSnapshotEnvelopeSchema, tradeEnvelopeSchema } from '../envelope/envelope.schema';
import { marketSchema, symbolSchema } from '../market/market.schema';
import { epochMicrosSchema } from '../time/epoch-micros.schema';
import { parseWithSchema, safeParseWithSchema } from '../validation/parse-with-schema.util';
import type { SafeParseResult } from '../validation/schema-validation.error';
import { expecting, expectingObject } from '../validation/schema-messages.util';
import { venueSchema } from '../venue/venue.constants';

export const MARKET_SNAPSHOT_VERSION = 1;

/**
 * The cache's state of one market on the compacted topic `md.cache.snapshots.v1` (key
 * `venue:symbol`, so compaction keeps the latest per market). A starting cache replica loads
 * these, then tails `md.events.valid.v1` from `validOffsets` on. The book is carried as a
 * `book_snapshot` envelope so the same code path applies it.
 */
export const marketSnapshotSchema = z.strictObject(
  {
    v: z.literal(MARKET_SNAPSHOT_VERSION, expecting(`schema version ${MARKET_SNAPSHOT_VERSION}`)),
    venue: venueSchema,
    symbol: symbolSchema,
    market: marketSchema,
    /** When the cache wrote this snapshot (epoch µs). */
    takenAtUs: epochMicrosSchema,
    lastTrade: tradeEnvelopeSchema.nullable(),
    book: bookSnapshotEnvelopeSchema.nullable(),
    /**
     * The next offset to read per partition of `md.events.valid.v1` after applying this state
     * (Kafka offsets as decimal text).
     */
    validOffsets: z.record(
      z.string().regex(/^[0-9]{1,9}$/, expecting('a partition number as digits')),
      z
        .string(expecting('an offset as digits'))
        .regex(/^[0-9]{1,20}$/, expecting('an offset as digits')),
    ),
  },
  expectingObject('a market snapshot object'),
);

export type MarketSnapshot = z.infer<typeof marketSnapshotSchema>;

export function safeParseMarketSnapshot(input: unknown): SafeParseResult<MarketSnapshot> {
  return safeParseWithSchema(marketSnapshotSchema, input, 'market snapshot');
}

export function parseMarketSnapshot(input: unknown): MarketSnapshot {
  return parseWithSchema(marketSnapshotSchema, input, 'market snapshot');
}
