import { isVenue, type Venue } from '@tickline/domain';
import { z } from 'zod';

/** One venue served from the endless generator instead of a recording. */
export interface SyntheticSpec {
  readonly venue: Venue;
  readonly markets: number;
  readonly bookUpdatesPerSecond: number;
  readonly tradesPerSecond: number;
  readonly seed: number;
}

export const SYNTHETIC_HELP =
  'venue:key=value,... entries separated by ";" (keys: markets, bookRate, tradeRate, seed), ' +
  'e.g. "bybit:markets=200,bookRate=10;okx:markets=50"';

const DEFAULTS = { markets: 10, bookUpdatesPerSecond: 8, tradesPerSecond: 2, seed: 1 };
const KEYS: Readonly<Record<string, keyof typeof DEFAULTS>> = {
  markets: 'markets',
  bookRate: 'bookUpdatesPerSecond',
  tradeRate: 'tradesPerSecond',
  seed: 'seed',
};

/** Parses `REPLAY_SYNTHETIC`; throws naming the problem. */
export function parseSyntheticSpecs(text: string): SyntheticSpec[] {
  const specs: SyntheticSpec[] = [];
  for (const entry of text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [venue, settings = ''] = entry.split(':', 2) as [string, string?];
    if (!isVenue(venue)) {
      throw new Error(`"${venue}" is not a venue`);
    }
    if (specs.some((spec) => spec.venue === venue)) {
      throw new Error(`${venue} is listed twice`);
    }
    const values = { ...DEFAULTS };
    for (const pair of settings
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const [key, raw] = pair.split('=', 2) as [string, string?];
      const field = KEYS[key];
      const value = Number(raw);
      if (!field || raw === undefined || !Number.isFinite(value) || value < 0) {
        throw new Error(`"${pair}" in ${venue}: expected ${Object.keys(KEYS).join('|')}=<number>`);
      }
      values[field] = value;
    }
    if (!Number.isInteger(values.markets) || values.markets < 1 || values.markets > 100_000) {
      throw new Error(`${venue}: markets must be an integer from 1 to 100000`);
    }
    specs.push({ venue, ...values });
  }
  return specs;
}

export function syntheticSpecsField() {
  return z
    .string()
    .transform((raw, ctx) => {
      try {
        return parseSyntheticSpecs(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .describe(SYNTHETIC_HELP);
}
