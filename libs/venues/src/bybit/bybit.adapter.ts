import { MarketResolver } from '../core/market-resolver.util';
import { type SequenceRule, StreamBookSync } from '../core/stream-book-sync.machine';
import type { VenueAdapter } from '../core/venue-adapter.interface';
import { defineVenue } from '../core/venue-options.schema';
import { BybitMapper } from './bybit.mapper';
import { bybitMarketOf } from './bybit.market';
import { bybitDefaultWsUrl, type BybitOptionsInput, bybitOptionsSchema } from './bybit.options';
import {
  BYBIT_HEARTBEAT,
  BYBIT_LIMITS,
  bybitStreamNameOf,
  bybitStreams,
  bybitSubscribeFrames,
  bybitUnsubscribeFrames,
  parseBybitClientFrame,
  parseBybitStreamName,
} from './bybit.subscriptions';

/**
 * Bybit v5 order book: every `snapshot` resets the book (also the `u = 1` snapshot after a
 * service restart); each `delta` must carry `u == previous u + 1`. A delta at or below the
 * current `u` repeats one already applied.
 */
export const BYBIT_SEQUENCE_RULE: SequenceRule = {
  position: (event) => event.lastUpdateId,
  judge(last, delta) {
    const u = delta.lastUpdateId;
    if (u === undefined) return { kind: 'next' };
    if (u === last + 1) return { kind: 'next' };
    if (u <= last)
      return { kind: 'stale', detail: `bybit ${delta.symbol}: u=${u} <= last u=${last}` };
    return {
      kind: 'gap',
      detail: `bybit ${delta.symbol}: u=${u} but the next update id is ${last + 1}`,
      expected: last + 1,
      received: u,
      missing: { from: last + 1, to: u - 1 },
    };
  },
};

export function createBybitAdapter(input: BybitOptionsInput = {}): VenueAdapter {
  const options = bybitOptionsSchema.parse(input);
  const markets = new MarketResolver(
    (symbol) => bybitMarketOf(symbol, options.category),
    options.markets,
  );
  const wsUrl = options.wsUrl ?? bybitDefaultWsUrl(options.category);
  return {
    venue: 'bybit',
    wsUrl,
    restUrl: options.restUrl,
    limits: BYBIT_LIMITS,
    heartbeat: BYBIT_HEARTBEAT,
    bookSnapshotSource: 'stream',
    snapshotAtVenueTime: true,
    streams: (subscriptions) => bybitStreams(subscriptions, options),
    parseStreamName: parseBybitStreamName,
    streamsOfUrl: () => [],
    streamNameOf: bybitStreamNameOf,
    connectionUrl: () => wsUrl,
    subscribeFrames: bybitSubscribeFrames,
    unsubscribeFrames: bybitUnsubscribeFrames,
    parseClientFrame: parseBybitClientFrame,
    marketOf: (symbol) => markets.marketOf(symbol),
    createMapper: (context) => new BybitMapper(context, markets),
    createBookSync: (symbol) =>
      new StreamBookSync('bybit', symbol, { sequence: BYBIT_SEQUENCE_RULE }),
  };
}

export const bybitVenue = defineVenue({
  venue: 'bybit',
  optionsSchema: bybitOptionsSchema,
  create: createBybitAdapter,
});
