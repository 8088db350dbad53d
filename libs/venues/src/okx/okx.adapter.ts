import { MarketResolver, tryFormatMarket } from '../core/market-resolver.util';
import { type SequenceRule, StreamBookSync } from '../core/stream-book-sync.machine';
import type { VenueAdapter } from '../core/venue-adapter.interface';
import { defineVenue } from '../core/venue-options.schema';
import { okxChecksum } from './okx-checksum.util';
import { OkxMapper } from './okx.mapper';
import { type OkxOptionsInput, okxOptionsSchema } from './okx.options';
import {
  OKX_HEARTBEAT,
  OKX_LIMITS,
  okxStreamNameOf,
  okxStreams,
  okxSubscribeFrames,
  okxUnsubscribeFrames,
  parseOkxClientFrame,
  parseOkxStreamName,
} from './okx.subscriptions';

/** Instrument ids are already `BASE-QUOTE[-SWAP|-YYMMDD]`; options (5 parts) need an override. */
export function okxMarketOf(instId: string): string | undefined {
  const parts = instId.split('-');
  if (parts.length < 2 || parts.length > 3) return undefined;
  return tryFormatMarket(parts[0] as string, parts[1] as string, parts[2]);
}

/**
 * `seqId`/`prevSeqId` (OKX: "migrate from checksum to seqId/prevSeqId"): a snapshot has
 * `prevSeqId = -1`; each update's `prevSeqId` must equal the previous message's `seqId`.
 * `seqId` does not step by one, so a break says "something is missing", not how much. A message
 * the book has already passed (its `seqId` at or before ours) is a duplicate, not a gap.
 */
export const OKX_SEQUENCE_RULE: SequenceRule = {
  position: (event) => event.seqId,
  judge(last, delta) {
    const prev = delta.prevId;
    if (prev === undefined || prev === last) return { kind: 'next' };
    if (delta.seqId !== undefined && delta.seqId <= last && prev < last) {
      return {
        kind: 'stale',
        detail: `okx ${delta.symbol}: seqId ${delta.seqId} already applied (at ${last})`,
      };
    }
    return {
      kind: 'gap',
      detail: `okx ${delta.symbol}: prevSeqId ${prev} but the last seqId was ${last}`,
      expected: last,
      received: prev,
    };
  },
};

export function createOkxAdapter(input: OkxOptionsInput = {}): VenueAdapter {
  const options = okxOptionsSchema.parse(input);
  const markets = new MarketResolver(okxMarketOf, options.markets);
  return {
    venue: 'okx',
    wsUrl: options.wsUrl,
    restUrl: options.restUrl,
    limits: OKX_LIMITS,
    heartbeat: OKX_HEARTBEAT,
    bookSnapshotSource: 'stream',
    snapshotAtVenueTime: true,
    streams: (subscriptions) => okxStreams(subscriptions, options),
    parseStreamName: parseOkxStreamName,
    streamsOfUrl: () => [],
    streamNameOf: okxStreamNameOf,
    connectionUrl: () => options.wsUrl,
    subscribeFrames: okxSubscribeFrames,
    unsubscribeFrames: okxUnsubscribeFrames,
    parseClientFrame: parseOkxClientFrame,
    marketOf: (symbol) => markets.marketOf(symbol),
    createMapper: (context) => new OkxMapper(context, markets),
    createBookSync: (symbol) =>
      new StreamBookSync('okx', symbol, {
        sequence: OKX_SEQUENCE_RULE,
        // After the June 2026 deprecation OKX sends 0: no information, nothing to verify.
        checksum: { compute: okxChecksum, ignores: (sent) => sent === 0 },
      }),
  };
}

export const okxVenue = defineVenue({
  venue: 'okx',
  optionsSchema: okxOptionsSchema,
  create: createOkxAdapter,
});
