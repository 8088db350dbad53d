import { venueSchema } from '@tickline/domain';
import { z } from 'zod';

const count = (fallback: number, min = 1) =>
  z.number().int().min(min).max(1_000_000).default(fallback);

/** Applies to every fault: which data frames count and how many pass untouched first. */
const common = {
  /** Data frames (of `stream`, if set) let through untouched before the fault fires. */
  after: count(0, 0),
  /** Only frames of this stream (the venue's stream key, e.g. `nknusdt@depth@100ms`). */
  stream: z.string().min(1).optional(),
};

export const GARBAGE_VARIANTS = [
  'text',
  'binary',
  'truncated',
  'non-finite',
  'unknown-field',
] as const;

/**
 * One fault on one connection. Faults act on data frames only (acks, heartbeats and pongs pass,
 * except during a stall):
 * - `drop`: the next `count` frames are never sent (a sequence gap).
 * - `duplicate`: the next `count` frames are sent twice.
 * - `reorder`: the next `count` frames are held and sent in reverse order.
 * - `disconnect`: the connection closes (`terminate` drops TCP, `close` sends close code 1011).
 * - `stall`: nothing at all is sent for `durationMs`; then the held frames are delivered late in
 *   a burst (`then: deliver`) or thrown away (`then: discard`).
 * - `garbage`: `count` bad frames are sent before the next frame (`text`: not JSON, `binary`: a
 *   binary frame, `truncated`: the frame cut in half, `non-finite`: a copy with a number made
 *   infinite); `unknown-field` instead sends each of the next `count` frames with an extra
 *   unknown field (nothing is lost).
 */
export const faultSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('drop'), count: count(1), ...common }),
  z.object({ type: z.literal('duplicate'), count: count(1), ...common }),
  z.object({ type: z.literal('reorder'), count: count(2, 2), ...common }),
  z.object({
    type: z.literal('disconnect'),
    mode: z.enum(['terminate', 'close']).default('terminate'),
    ...common,
  }),
  z.object({
    type: z.literal('stall'),
    durationMs: z.number().int().min(1).max(3_600_000).default(5_000),
    then: z.enum(['deliver', 'discard']).default('deliver'),
    ...common,
  }),
  z.object({
    type: z.literal('garbage'),
    count: count(1),
    variant: z.enum(GARBAGE_VARIANTS).default('text'),
    ...common,
  }),
]);

export type FaultSpec = z.output<typeof faultSpecSchema>;
export type FaultType = FaultSpec['type'];
export type GarbageVariant = (typeof GARBAGE_VARIANTS)[number];

/** Which connections a fault rule picks. */
export const connectionMatchSchema = z
  .object({
    venue: venueSchema.optional(),
    /** The tag from a `/t/<tag>/<venue>/...` URL. */
    tag: z.string().min(1).optional(),
    connectionId: z.string().min(1).optional(),
  })
  .default({});

/**
 * A fault for the connections a match selects: those open now (`existing`), those that open
 * later (`new`), or both; at most `limit` connections, in the order they are picked.
 */
export const faultRuleSchema = z.object({
  match: connectionMatchSchema,
  fault: faultSpecSchema,
  scope: z.enum(['existing', 'new', 'all']).default('all'),
  limit: z.number().int().positive().optional(),
});

export type ConnectionMatch = z.output<typeof connectionMatchSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;

export const faultRulesSchema = z.array(faultRuleSchema);
