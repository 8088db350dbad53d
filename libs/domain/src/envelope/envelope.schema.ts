import { z } from 'zod';

import { decimalStringSchema } from '../decimal/decimal.schema';
import { marketSchema, symbolSchema } from '../market/market.schema';
import { epochMicrosSchema } from '../time/epoch-micros.schema';
import {
  expecting,
  expectingDiscriminator,
  expectingObject,
  expectingTuple,
} from '../validation/schema-messages.util';
import { venueSchema } from '../venue/venue.constants';
import { DATA_TYPES, ENVELOPE_VERSION, sideSchema, systemSchema } from './envelope.constants';

/** Which ingester process produced the event: a Kubernetes pod name or a configured id. */
export const INGESTER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const INGESTER_ID_EXPECTATION =
  'an ingester id (1-63 of A-Z a-z 0-9 _ -, not starting with _ or -)';
export const ingesterIdSchema = z
  .string(expecting(INGESTER_ID_EXPECTATION))
  .regex(INGESTER_ID_PATTERN, expecting(INGESTER_ID_EXPECTATION));

/**
 * Venue sequence numbers as integers. All known venues stay below 2^53 (Bybit `seq` ~1e10,
 * Binance futures update ids ~1e12); negative values occur (OKX snapshot `prevSeqId: -1`).
 */
export const sequenceNumberSchema = z.int(expecting('a safe integer'));

/**
 * A venue checksum as the venue defines it: Kraken sends an unsigned CRC32 (as text, converted
 * to a number by the adapter), OKX a signed one. Both fit this range without conversion.
 */
export const CHECKSUM_MIN = -2_147_483_648;
export const CHECKSUM_MAX = 4_294_967_295;
const CHECKSUM_EXPECTATION = `a 32-bit checksum (integer from ${CHECKSUM_MIN} to ${CHECKSUM_MAX})`;
export const checksumSchema = z
  .int(expecting(CHECKSUM_EXPECTATION))
  .min(CHECKSUM_MIN, expecting(CHECKSUM_EXPECTATION))
  .max(CHECKSUM_MAX, expecting(CHECKSUM_EXPECTATION));

/** Venue trade ids as text: numeric ids (Binance, Coinbase) are rendered in decimal. */
export const TRADE_ID_PATTERN = /^[\x21-\x7e]{1,64}$/;
const TRADE_ID_EXPECTATION = 'a trade id (1-64 printable characters, no spaces)';
export const tradeIdSchema = z
  .string(expecting(TRADE_ID_EXPECTATION))
  .regex(TRADE_ID_PATTERN, expecting(TRADE_ID_EXPECTATION));

/** One book level `[price, size]`; in a delta, a zero size removes the level. */
const LEVEL_EXPECTATION = 'a [price, size] pair of decimal strings';
export const bookLevelSchema = z.tuple(
  [decimalStringSchema, decimalStringSchema],
  expectingTuple(LEVEL_EXPECTATION, 2),
);
export type BookLevel = z.infer<typeof bookLevelSchema>;

const bookSideSchema = z.array(bookLevelSchema, expecting('an array of [price, size] levels'));

export const tradePayloadSchema = z.strictObject(
  {
    price: decimalStringSchema,
    size: decimalStringSchema,
    side: sideSchema,
    /** Absent only where the venue sends none (Kraken WS v1 trades). */
    tradeId: tradeIdSchema.optional(),
  },
  expectingObject('a trade payload object'),
);

export const bookDeltaPayloadSchema = z.strictObject(
  {
    /** Changed levels, best first is not required; sizes are absolute, "0" removes a level. */
    bids: bookSideSchema,
    asks: bookSideSchema,
  },
  expectingObject('a book_delta payload object'),
);

export const bookSnapshotPayloadSchema = z.strictObject(
  {
    /** The depth the snapshot was requested with (e.g. Binance `limit`), when there is one. */
    depth: z
      .int(expecting('a positive integer'))
      .min(1, expecting('a positive integer'))
      .optional(),
    bids: bookSideSchema,
    asks: bookSideSchema,
  },
  expectingObject('a book_snapshot payload object'),
);

export type TradePayload = z.infer<typeof tradePayloadSchema>;
export type BookDeltaPayload = z.infer<typeof bookDeltaPayloadSchema>;
export type BookSnapshotPayload = z.infer<typeof bookSnapshotPayloadSchema>;

const envelopeBaseShape = {
  v: z.literal(ENVELOPE_VERSION, expecting(`schema version ${ENVELOPE_VERSION}`)),
  venue: venueSchema,
  /** Venue-native symbol, as sent by the venue. */
  symbol: symbolSchema,
  /** Normalized `BASE-QUOTE`. */
  market: marketSchema,
  /** Event time stamped by the venue (epoch µs); decides the lake minute window. */
  exchangeTimeUs: epochMicrosSchema,
  /** When the ingester received the frame (epoch µs, local clock). */
  receiveTimeUs: epochMicrosSchema,
  /** The venue's sequence number of this message (OKX `seqId`, Bybit `seq`, Coinbase `sequence`). */
  seqId: sequenceNumberSchema.optional(),
  /** First update id covered by a diff (Binance `U`). */
  firstUpdateId: sequenceNumberSchema.optional(),
  /** Last update id covered (Binance `u`, Bybit `u`, Binance snapshot `lastUpdateId`). */
  lastUpdateId: sequenceNumberSchema.optional(),
  /** The id the venue says precedes this message (OKX `prevSeqId`, Binance futures `pu`). */
  prevId: sequenceNumberSchema.optional(),
  /** Venue checksum of the book after this message (Kraken `c`, OKX `checksum`). */
  checksum: checksumSchema.optional(),
  system: systemSchema,
  ingesterId: ingesterIdSchema,
};

export const tradeEnvelopeSchema = z.strictObject(
  {
    ...envelopeBaseShape,
    type: z.literal('trade', expecting('"trade"')),
    payload: tradePayloadSchema,
  },
  expectingObject('an envelope object'),
);

export const bookDeltaEnvelopeSchema = z.strictObject(
  {
    ...envelopeBaseShape,
    type: z.literal('book_delta', expecting('"book_delta"')),
    payload: bookDeltaPayloadSchema,
  },
  expectingObject('an envelope object'),
);

export const bookSnapshotEnvelopeSchema = z.strictObject(
  {
    ...envelopeBaseShape,
    type: z.literal('book_snapshot', expecting('"book_snapshot"')),
    payload: bookSnapshotPayloadSchema,
  },
  expectingObject('an envelope object'),
);

/** The one event envelope on Kafka (`md.events.raw.v1`, `md.events.valid.v1`) and in the lake. */
export const envelopeSchema = z.discriminatedUnion(
  'type',
  [tradeEnvelopeSchema, bookDeltaEnvelopeSchema, bookSnapshotEnvelopeSchema],
  expectingDiscriminator('an envelope object', 'type', DATA_TYPES),
);

export type TradeEnvelope = z.infer<typeof tradeEnvelopeSchema>;
export type BookDeltaEnvelope = z.infer<typeof bookDeltaEnvelopeSchema>;
export type BookSnapshotEnvelope = z.infer<typeof bookSnapshotEnvelopeSchema>;
export type Envelope = z.infer<typeof envelopeSchema>;
export type BookEnvelope = BookDeltaEnvelope | BookSnapshotEnvelope;

const withoutLocalFields = { receiveTimeUs: true, ingesterId: true } as const;

/** An envelope without its local fields (see `LOCAL_ENVELOPE_FIELDS`): the replica-neutral form. */
export const replicaNeutralEnvelopeSchema = z.discriminatedUnion(
  'type',
  [
    tradeEnvelopeSchema.omit(withoutLocalFields),
    bookDeltaEnvelopeSchema.omit(withoutLocalFields),
    bookSnapshotEnvelopeSchema.omit(withoutLocalFields),
  ],
  expectingDiscriminator('an envelope object', 'type', DATA_TYPES),
);
export type ReplicaNeutralEnvelope = z.infer<typeof replicaNeutralEnvelopeSchema>;
