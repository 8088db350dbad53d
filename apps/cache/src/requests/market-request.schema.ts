import { safeParseWithSchema, symbolSchema, venueSchema } from '@tickline/domain';
import { z } from 'zod';

/** The largest depth the schema accepts; CACHE_MAX_DEPTH may lower it. */
export const DEPTH_LIMIT = 100_000;

export const marketRefSchema = z.strictObject({ venue: venueSchema, symbol: symbolSchema });
export type MarketRef = z.infer<typeof marketRefSchema>;

/** `depth` as REST query text: a positive integer, absent for the full book. */
export const depthQuerySchema = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/, { error: 'expected a positive integer' })
  .transform(Number)
  .pipe(z.number().max(DEPTH_LIMIT, { error: `expected at most ${DEPTH_LIMIT}` }))
  .optional();

export const bookQuerySchema = z.object({ depth: depthQuerySchema });

/** `markets` as query text: comma separated market ids `venue:symbol`. */
export const marketListQuerySchema = z.object({
  markets: z
    .string({ error: 'expected a comma separated list of market ids venue:symbol' })
    .transform((text) => text.split(',').filter((part) => part.length > 0))
    .pipe(
      z
        .array(
          z.string().transform((id, ctx) => {
            const colon = id.indexOf(':');
            const parsed = marketRefSchema.safeParse({
              venue: id.slice(0, colon),
              symbol: id.slice(colon + 1),
            });
            if (colon < 0 || !parsed.success) {
              ctx.addIssue({ code: 'custom', message: `"${id}" is not a market id venue:symbol` });
              return z.NEVER;
            }
            return parsed.data;
          }),
        )
        .min(1, { error: 'name at least one market' })
        .max(100, { error: 'expected at most 100 markets' }),
    ),
  depth: depthQuerySchema,
});

export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

/** Parses request input, throwing InvalidRequestError with every problem named. */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  input: unknown,
  subject: string,
): z.output<T> {
  const result = safeParseWithSchema(schema, input, subject);
  if (!result.success) throw new InvalidRequestError(result.error.message);
  return result.data;
}

export function checkDepth(depth: number | undefined, maxDepth: number): number | undefined {
  if (depth !== undefined && depth > maxDepth) {
    throw new InvalidRequestError(`Invalid depth: expected at most ${maxDepth}, got ${depth}`);
  }
  return depth;
}

export function marketIdOf(ref: MarketRef): string {
  return `${ref.venue}:${ref.symbol}`;
}

const requiredMarket = marketRefSchema.nullable().transform((value, ctx) => {
  if (value === null) {
    ctx.addIssue({ code: 'custom', message: 'missing; expected a market {venue, symbol}' });
    return z.NEVER;
  }
  return value;
});

/** gRPC requests as proto-loader decodes them (unset messages are null, numbers default 0). */
export const grpcTradeRequestSchema = z.object({ market: requiredMarket });

export const grpcBookRequestSchema = z.object({
  market: requiredMarket,
  depth: z.number().int().min(0),
});

export const grpcStreamRequestSchema = z.object({
  markets: z
    .array(marketRefSchema)
    .min(1, { error: 'name at least one market' })
    .max(100, { error: 'expected at most 100 markets' }),
  depth: z.number().int().min(0),
  excludeTrades: z.boolean(),
  excludeBooks: z.boolean(),
});
