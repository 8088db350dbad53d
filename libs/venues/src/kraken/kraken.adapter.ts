import { MarketResolver, tryFormatMarket } from '../core/market-resolver.util';
import { StreamBookSync } from '../core/stream-book-sync.machine';
import type { VenueAdapter } from '../core/venue-adapter.interface';
import { defineVenue } from '../core/venue-options.schema';
import { krakenChecksum } from './kraken-checksum.util';
import { KrakenMapper } from './kraken.mapper';
import { type KrakenOptionsInput, krakenOptionsSchema } from './kraken.options';
import {
  KRAKEN_HEARTBEAT,
  KRAKEN_LIMITS,
  krakenStreamNameOf,
  krakenStreams,
  krakenSubscribeFrames,
  krakenUnsubscribeFrames,
  parseKrakenClientFrame,
  parseKrakenStreamName,
} from './kraken.subscriptions';

/** Kraken's own asset codes that differ from the common ones. */
const KRAKEN_ASSET_ALIASES: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };

/** `XBT/CHF` -> `BTC-CHF`, `SC/EUR` -> `SC-EUR`. */
export function krakenMarketOf(pair: string): string | undefined {
  const parts = pair.split('/');
  if (parts.length !== 2) return undefined;
  const [base, quote] = parts as [string, string];
  return tryFormatMarket(KRAKEN_ASSET_ALIASES[base] ?? base, KRAKEN_ASSET_ALIASES[quote] ?? quote);
}

export function createKrakenAdapter(input: KrakenOptionsInput = {}): VenueAdapter {
  const options = krakenOptionsSchema.parse(input);
  const markets = new MarketResolver(krakenMarketOf, options.markets);
  return {
    venue: 'kraken',
    wsUrl: options.wsUrl,
    restUrl: options.restUrl,
    limits: KRAKEN_LIMITS,
    heartbeat: KRAKEN_HEARTBEAT,
    bookSnapshotSource: 'stream',
    snapshotAtVenueTime: false,
    streams: (subscriptions) => krakenStreams(subscriptions, options),
    parseStreamName: parseKrakenStreamName,
    streamsOfUrl: () => [],
    streamNameOf: krakenStreamNameOf,
    connectionUrl: () => options.wsUrl,
    subscribeFrames: krakenSubscribeFrames,
    unsubscribeFrames: krakenUnsubscribeFrames,
    parseClientFrame: parseKrakenClientFrame,
    marketOf: (symbol) => markets.marketOf(symbol),
    createMapper: (context) => new KrakenMapper(context, markets),
    // v1 has no sequence numbers: the CRC32 on every update is the only integrity check.
    createBookSync: (symbol) =>
      new StreamBookSync('kraken', symbol, {
        checksum: { compute: krakenChecksum },
        truncateToSnapshotDepth: true,
      }),
  };
}

export const krakenVenue = defineVenue({
  venue: 'kraken',
  optionsSchema: krakenOptionsSchema,
  create: createKrakenAdapter,
});
