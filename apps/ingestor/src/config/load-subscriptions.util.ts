import { readFileSync } from 'node:fs';

import { parseWithSchema, type Venue } from '@tickline/domain';
import {
  createVenueAdapter,
  planConnections,
  type ConnectionPlan,
  type Subscription,
  type VenueAdapter,
} from '@tickline/venues';

import { subscriptionsSchema, type SubscriptionsConfig } from './subscriptions.schema';

/** What the ingestor runs for one venue: its adapter, subscriptions and connection plan. */
export interface VenueSetup {
  readonly venue: Venue;
  readonly adapter: VenueAdapter;
  readonly subscriptions: readonly Subscription[];
  readonly connections: readonly ConnectionPlan[];
}

/** Reads the subscription document from the file or the inline JSON (exactly one is set). */
export function readSubscriptionsDocument(source: {
  file?: string | undefined;
  inline?: string | undefined;
}): unknown {
  const text = source.file !== undefined ? readFileSync(source.file, 'utf8') : source.inline;
  const where =
    source.file !== undefined ? `subscription file ${source.file}` : 'INGESTOR_SUBSCRIPTIONS';
  if (text === undefined) throw new Error('No subscription document configured.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(
      `${where} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function parseSubscriptions(document: unknown): SubscriptionsConfig {
  return parseWithSchema(subscriptionsSchema, document, 'subscriptions');
}

/**
 * Validates the document, builds each venue's adapter from its options (the venue's schema
 * rejects unknown or malformed options) and plans the connections within the venue's caps.
 */
export function resolveSubscriptions(document: unknown): VenueSetup[] {
  const config = parseSubscriptions(document);
  return config.venues.map((entry) => {
    const adapter = createVenueAdapter(entry.venue, entry.options);
    const subscriptions = entry.symbols.flatMap((symbol) =>
      entry.types.map((dataType) => ({ symbol, dataType })),
    );
    return {
      venue: entry.venue,
      adapter,
      subscriptions,
      connections: planConnections(adapter, subscriptions),
    };
  });
}
