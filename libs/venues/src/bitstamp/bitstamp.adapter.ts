import {
  longestFirst,
  MarketResolver,
  splitByQuote,
  tryFormatMarket,
} from '../core/market-resolver.util';
import type { SnapshotRequest, VenueAdapter } from '../core/venue-adapter.interface';
import { defineVenue, trimSlash } from '../core/venue-options.schema';
import { BitstampBookSync } from './bitstamp.book-sync';
import { BitstampMapper } from './bitstamp.mapper';
import { type BitstampOptionsInput, bitstampOptionsSchema } from './bitstamp.options';
import {
  BITSTAMP_HEARTBEAT,
  BITSTAMP_LIMITS,
  bitstampStreamNameOf,
  bitstampStreams,
  bitstampSubscribeFrames,
  bitstampUnsubscribeFrames,
  parseBitstampClientFrame,
  parseBitstampStreamName,
} from './bitstamp.subscriptions';

/** Quote currencies of Bitstamp pairs, matched as the longest suffix (`ethusd`, `usdteur`). */
export const BITSTAMP_QUOTES = longestFirst([
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'BTC',
  'ETH',
  'USDT',
  'USDC',
  'PAX',
  'PYUSD',
]);

/** `ethusd` -> `ETH-USD`, `usdteur` -> `USDT-EUR`. */
export function bitstampMarketOf(pair: string): string | undefined {
  const parts = splitByQuote(pair, BITSTAMP_QUOTES);
  return parts && tryFormatMarket(parts.base, parts.quote);
}

const ORDER_BOOK_PATH = /\/api\/v2\/order_book\/([a-z0-9]+)\/?$/;

function parseOrderBookUrl(url: string): SnapshotRequest | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const match = ORDER_BOOK_PATH.exec(parsed.pathname);
  return match ? { url, symbol: match[1] as string } : undefined;
}

export function createBitstampAdapter(input: BitstampOptionsInput = {}): VenueAdapter {
  const options = bitstampOptionsSchema.parse(input);
  const markets = new MarketResolver(bitstampMarketOf, options.markets);
  const restUrl = trimSlash(options.restUrl);
  return {
    venue: 'bitstamp',
    wsUrl: options.wsUrl,
    restUrl: options.restUrl,
    limits: BITSTAMP_LIMITS,
    heartbeat: BITSTAMP_HEARTBEAT,
    bookSnapshotSource: 'rest',
    snapshotAtVenueTime: true,
    snapshot: {
      request: (symbol) => {
        const pair = symbol.toLowerCase();
        return { url: `${restUrl}/api/v2/order_book/${encodeURIComponent(pair)}`, symbol: pair };
      },
      parseUrl: parseOrderBookUrl,
    },
    streams: bitstampStreams,
    parseStreamName: parseBitstampStreamName,
    streamsOfUrl: () => [],
    streamNameOf: bitstampStreamNameOf,
    connectionUrl: () => options.wsUrl,
    subscribeFrames: bitstampSubscribeFrames,
    unsubscribeFrames: bitstampUnsubscribeFrames,
    parseClientFrame: parseBitstampClientFrame,
    marketOf: (symbol) => markets.marketOf(symbol),
    createMapper: (context) => new BitstampMapper(context, markets),
    createBookSync: (symbol) => new BitstampBookSync(symbol, options.maxBufferedDiffs),
  };
}

export const bitstampVenue = defineVenue({
  venue: 'bitstamp',
  optionsSchema: bitstampOptionsSchema,
  create: createBitstampAdapter,
});
