import { describeValue } from '../validation/describe-value.util';
import { isVenue, type Venue, VENUES } from '../venue/venue.constants';
import { isSymbol } from './market.schema';

/** A market id `venue:symbol` (native symbol): the Kafka message key of every market event. */
export type MarketId = `${Venue}:${string}`;

export interface MarketIdParts {
  readonly venue: Venue;
  readonly symbol: string;
}

export function formatMarketId(venue: Venue, symbol: string): MarketId {
  if (!isVenue(venue)) {
    throw new Error(`Invalid market id: unknown venue ${describeValue(venue)}`);
  }
  if (!isSymbol(symbol)) {
    throw new Error(`Invalid market id: bad symbol ${describeValue(symbol)} for venue ${venue}`);
  }
  return `${venue}:${symbol}`;
}

export function parseMarketId(id: string): MarketIdParts {
  if (typeof id !== 'string') {
    throw new Error(
      `Invalid market id: expected a string "venue:symbol", got ${describeValue(id)}`,
    );
  }
  const colon = id.indexOf(':');
  if (colon < 0) {
    throw new Error(`Invalid market id ${describeValue(id)}: expected "venue:symbol"`);
  }
  const venue = id.slice(0, colon);
  const symbol = id.slice(colon + 1);
  if (!isVenue(venue)) {
    throw new Error(
      `Invalid market id ${describeValue(id)}: unknown venue ${describeValue(venue)} (known: ${VENUES.join(', ')})`,
    );
  }
  if (!isSymbol(symbol)) {
    throw new Error(
      `Invalid market id ${describeValue(id)}: bad symbol ${describeValue(symbol)} (1-40 of A-Z a-z 0-9 / _ . -)`,
    );
  }
  return { venue, symbol };
}
