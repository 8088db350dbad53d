import type { Venue } from '@tickline/domain';

import { binanceCodec } from './binance.codec';
import { bitstampCodec } from './bitstamp.codec';
import { bybitCodec } from './bybit.codec';
import { coinbaseCodec } from './coinbase.codec';
import { krakenCodec } from './kraken.codec';
import { okxCodec } from './okx.codec';
import type { VenueCodec } from './venue-codec';

export const VENUE_CODECS: Readonly<Record<Venue, VenueCodec>> = {
  binance: binanceCodec,
  bitstamp: bitstampCodec,
  bybit: bybitCodec,
  coinbase: coinbaseCodec,
  kraken: krakenCodec,
  okx: okxCodec,
};

/** The venue a capture URL points at (`wss://stream.binance.com:9443/...` -> binance). */
export function venueOfUrl(url: string): Venue | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const venues = Object.keys(VENUE_CODECS) as Venue[];
  const labels = parsed.hostname.split('.');
  // Captures of this server name the venue in the first path segment (optionally after a tag).
  const segments = parsed.pathname.split('/').filter((segment) => segment.length > 0);
  const pathVenue = segments[0] === 't' ? segments[2] : segments[0];
  return (
    venues.find((venue) => labels.includes(venue)) ?? venues.find((venue) => venue === pathVenue)
  );
}
