import { MarketResolver } from '../core/market-resolver.util';
import type { SnapshotRequest, VenueAdapter } from '../core/venue-adapter.interface';
import { defineVenue, trimSlash } from '../core/venue-options.schema';
import { BinanceBookSync } from './binance.book-sync';
import { BinanceMapper } from './binance.mapper';
import { binanceMarketOf } from './binance.market';
import { type BinanceOptionsInput, binanceOptionsSchema } from './binance.options';
import {
  BINANCE_HEARTBEAT,
  BINANCE_LIMITS,
  binanceConnectionUrl,
  binanceStreamNameOf,
  binanceStreams,
  binanceStreamsOfUrl,
  binanceSubscribeFrames,
  binanceUnsubscribeFrames,
  parseBinanceClientFrame,
  parseBinanceStreamName,
} from './binance.subscriptions';

function parseDepthUrl(url: string): SnapshotRequest | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!parsed.pathname.endsWith('/api/v3/depth')) return undefined;
  const symbol = parsed.searchParams.get('symbol');
  if (!symbol) return undefined;
  const limit = Number(parsed.searchParams.get('limit') ?? '100');
  return {
    url,
    symbol,
    ...(Number.isInteger(limit) && limit > 0 ? { depth: limit } : {}),
  };
}

export function createBinanceAdapter(input: BinanceOptionsInput = {}): VenueAdapter {
  const options = binanceOptionsSchema.parse(input);
  const markets = new MarketResolver(binanceMarketOf, options.markets);
  const restUrl = trimSlash(options.restUrl);
  return {
    venue: 'binance',
    wsUrl: options.wsUrl,
    restUrl: options.restUrl,
    limits: BINANCE_LIMITS,
    heartbeat: BINANCE_HEARTBEAT,
    bookSnapshotSource: 'rest',
    snapshotAtVenueTime: false,
    snapshot: {
      request: (symbol) => ({
        url: `${restUrl}/api/v3/depth?symbol=${encodeURIComponent(symbol)}&limit=${options.snapshotLimit}`,
        symbol,
        depth: options.snapshotLimit,
      }),
      parseUrl: parseDepthUrl,
    },
    streams: (subscriptions) => binanceStreams(subscriptions, options),
    parseStreamName: parseBinanceStreamName,
    streamsOfUrl: binanceStreamsOfUrl,
    streamNameOf: binanceStreamNameOf,
    connectionUrl: (streams) => binanceConnectionUrl(streams, options),
    subscribeFrames: (streams) => binanceSubscribeFrames(streams, options),
    unsubscribeFrames: binanceUnsubscribeFrames,
    parseClientFrame: parseBinanceClientFrame,
    marketOf: (symbol) => markets.marketOf(symbol),
    createMapper: (context) => new BinanceMapper(context, markets),
    createBookSync: (symbol) => new BinanceBookSync(symbol, options.maxBufferedDiffs),
  };
}

export const binanceVenue = defineVenue({
  venue: 'binance',
  optionsSchema: binanceOptionsSchema,
  create: createBinanceAdapter,
});
