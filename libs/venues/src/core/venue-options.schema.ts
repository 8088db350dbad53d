import { marketSchema, symbolSchema, type Venue } from '@tickline/domain';
import { z } from 'zod';

import type { VenueAdapter } from './venue-adapter.interface';

/** Options every adapter takes; each venue extends them with its own (depth, stream variant). */
export function commonOptionsShape(defaults: { wsUrl: string; restUrl: string }) {
  return {
    /** WebSocket base URL, without a path the adapter adds (the replay server's URL in tests). */
    wsUrl: z.url().default(defaults.wsUrl),
    /** REST base URL for snapshots. */
    restUrl: z.url().default(defaults.restUrl),
    /** Symbol -> normalized market, for symbols the venue's rule cannot split. */
    markets: z.record(symbolSchema, marketSchema).default({}),
  };
}

/** A venue module's entry in the registry: its options schema and its adapter factory. */
export interface VenueDefinition<S extends z.ZodType = z.ZodType> {
  readonly venue: Venue;
  /** Validates and defaults the options (a strict object: unknown keys are config errors). */
  readonly optionsSchema: S;
  create(options?: z.input<S>): VenueAdapter;
}

export function defineVenue<S extends z.ZodType>(
  definition: VenueDefinition<S>,
): VenueDefinition<S> {
  return definition;
}

/** Removes one trailing slash so `${base}/path` never doubles it. */
export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
