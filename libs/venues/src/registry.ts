import { parseWithSchema, type Venue, VENUES } from '@tickline/domain';

import { binanceVenue } from './binance/binance.adapter';
import { bitstampVenue } from './bitstamp/bitstamp.adapter';
import { bybitVenue } from './bybit/bybit.adapter';
import { coinbaseVenue } from './coinbase/coinbase.adapter';
import type { VenueAdapter } from './core/venue-adapter.interface';
import type { VenueDefinition } from './core/venue-options.schema';
import { krakenVenue } from './kraken/kraken.adapter';
import { okxVenue } from './okx/okx.adapter';

/**
 * Merges venue modules into one registry keyed by venue id, and refuses a registry that misses
 * a venue of `VENUES` or names one twice (caught by the registry spec, never at run time).
 */
export function mergeVenueDefinitions(
  definitions: readonly VenueDefinition[],
): Readonly<Record<Venue, VenueDefinition>> {
  const merged = new Map<Venue, VenueDefinition>();
  for (const definition of definitions) {
    if (merged.has(definition.venue))
      throw new Error(`Venue ${definition.venue} is registered twice`);
    merged.set(definition.venue, definition);
  }
  const missing = VENUES.filter((venue) => !merged.has(venue));
  if (missing.length > 0) throw new Error(`No adapter registered for ${missing.join(', ')}`);
  return Object.fromEntries(VENUES.map((venue) => [venue, merged.get(venue)])) as Record<
    Venue,
    VenueDefinition
  >;
}

export const VENUE_DEFINITIONS = mergeVenueDefinitions([
  binanceVenue,
  coinbaseVenue,
  krakenVenue,
  bitstampVenue,
  okxVenue,
  bybitVenue,
] as readonly VenueDefinition[]);

/**
 * An adapter configured from untrusted options (a config file): they are validated against the
 * venue's schema first, so a typo fails at boot with `SchemaValidationError` naming the field.
 */
export function createVenueAdapter(venue: Venue, options: unknown = {}): VenueAdapter {
  const definition = VENUE_DEFINITIONS[venue];
  const parsed = parseWithSchema(definition.optionsSchema, options, `${venue} adapter options`);
  return definition.create(parsed);
}
