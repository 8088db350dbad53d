import { MarketResolver, tryFormatMarket } from '../core/market-resolver.util';
import { StreamBookSync } from '../core/stream-book-sync.machine';
import type { VenueAdapter } from '../core/venue-adapter.interface';
import { defineVenue } from '../core/venue-options.schema';
import { CoinbaseMapper } from './coinbase.mapper';
import { type CoinbaseOptionsInput, coinbaseOptionsSchema } from './coinbase.options';
import {
  COINBASE_LIMITS,
  coinbaseHeartbeat,
  coinbaseStreamNameOf,
  coinbaseStreams,
  coinbaseSubscribeFrames,
  coinbaseUnsubscribeFrames,
  parseCoinbaseClientFrame,
  parseCoinbaseStreamName,
} from './coinbase.subscriptions';

/** Product ids are already `BASE-QUOTE` (`SKL-BTC`). */
export function coinbaseMarketOf(productId: string): string | undefined {
  const parts = productId.split('-');
  return parts.length === 2 ? tryFormatMarket(parts[0] as string, parts[1] as string) : undefined;
}

export function createCoinbaseAdapter(input: CoinbaseOptionsInput = {}): VenueAdapter {
  const options = coinbaseOptionsSchema.parse(input);
  const markets = new MarketResolver(coinbaseMarketOf, options.markets);
  return {
    venue: 'coinbase',
    wsUrl: options.wsUrl,
    restUrl: options.restUrl,
    limits: COINBASE_LIMITS,
    heartbeat: coinbaseHeartbeat(options),
    bookSnapshotSource: 'stream',
    snapshotAtVenueTime: false,
    streams: (subscriptions) => coinbaseStreams(subscriptions, options),
    parseStreamName: parseCoinbaseStreamName,
    streamsOfUrl: () => [],
    streamNameOf: (frame) => coinbaseStreamNameOf(frame, options),
    connectionUrl: () => options.wsUrl,
    subscribeFrames: (streams) => coinbaseSubscribeFrames(streams, options),
    unsubscribeFrames: coinbaseUnsubscribeFrames,
    parseClientFrame: parseCoinbaseClientFrame,
    marketOf: (symbol) => markets.marketOf(symbol),
    createMapper: (context) => new CoinbaseMapper(context, markets),
    // level2 has neither sequence nor checksum: the snapshot in the stream is the only anchor.
    createBookSync: (symbol) => new StreamBookSync('coinbase', symbol, {}),
  };
}

export const coinbaseVenue = defineVenue({
  venue: 'coinbase',
  optionsSchema: coinbaseOptionsSchema,
  create: createCoinbaseAdapter,
});
