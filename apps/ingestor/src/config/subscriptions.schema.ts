import { dataTypeSchema, symbolSchema, venueSchema } from '@tickline/domain';
import { z } from 'zod';

/**
 * One venue's block of the subscription file: which native symbols, which data types, and the
 * adapter options (base URLs above all, so tests and the demo point at the replay server).
 * Options are validated by the venue's own schema when the adapter is created.
 */
export const venueSubscriptionSchema = z.strictObject({
  venue: venueSchema,
  /** Adapter options (`wsUrl`, `restUrl`, depth, markets, ...), see docs/venues.md. */
  options: z.record(z.string(), z.unknown()).default({}),
  symbols: z.array(symbolSchema).min(1, 'expected at least one symbol'),
  types: z
    .array(dataTypeSchema)
    .min(1, 'expected at least one data type')
    .default(['trade', 'book_delta', 'book_snapshot']),
});

export const subscriptionsSchema = z
  .strictObject({
    venues: z.array(venueSubscriptionSchema).min(1, 'expected at least one venue'),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.venues.forEach((entry, index) => {
      if (seen.has(entry.venue)) {
        ctx.addIssue({
          code: 'custom',
          path: ['venues', index, 'venue'],
          message: `venue ${entry.venue} is listed twice; merge its symbols into one block`,
        });
      }
      seen.add(entry.venue);
    });
  });

export type VenueSubscriptionConfig = z.output<typeof venueSubscriptionSchema>;
export type SubscriptionsConfig = z.output<typeof subscriptionsSchema>;
