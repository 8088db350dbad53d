import { z } from 'zod';

import { expecting } from '../validation/schema-messages.util';

/** Venues Tickline captures. Adding one means an adapter, this entry and docs/domain.md. */
export const VENUES = ['binance', 'coinbase', 'kraken', 'bitstamp', 'okx', 'bybit'] as const;
export type Venue = (typeof VENUES)[number];

export const venueSchema = z.enum(VENUES, expecting(`a venue (${VENUES.join(', ')})`));

const VENUE_SET: ReadonlySet<string> = new Set(VENUES);

export function isVenue(value: unknown): value is Venue {
  return typeof value === 'string' && VENUE_SET.has(value);
}
