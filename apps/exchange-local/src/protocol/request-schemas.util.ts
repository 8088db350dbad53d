import { z } from 'zod';

/**
 * A JSON body schema that accepts a missing body as `{}`: clients send no body at all for
 * operations whose members are all optional (the CLI does, the JS SDK sends `{}`).
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => value ?? {}, schema);
}

/** `maxResults` query parameter: an integer within the operation's bounds. */
export function maxResultsQuery(max: number) {
  return z.coerce.number().int().min(1).max(max).optional();
}

export const nextTokenQuery = z.string().min(1).max(4096).optional();

/** Data Exchange `MapOf__string` tags. */
export const tagMapSchema = z.record(z.string().min(1).max(128), z.string().max(256));

/** Data Exchange resource ids in request bodies (path labels are looked up, not validated). */
export const resourceIdSchema = z.string().min(1).max(64);
