import { z } from 'zod';

import { expecting } from '../validation/schema-messages.util';

/** The envelope schema version carried in every event's `v`. Bump it for any breaking change. */
export const ENVELOPE_VERSION = 1;

export const DATA_TYPES = ['trade', 'book_delta', 'book_snapshot'] as const;
export type DataType = (typeof DATA_TYPES)[number];
export const dataTypeSchema = z.enum(DATA_TYPES, expecting(`one of ${DATA_TYPES.join(', ')}`));

/** Independent capture systems; each writes its own lake prefix and the publisher merges both. */
export const SYSTEMS = ['primary', 'replica'] as const;
export type System = (typeof SYSTEMS)[number];
export const systemSchema = z.enum(SYSTEMS, expecting(`one of ${SYSTEMS.join(', ')}`));

/** The taker's side of a trade: `buy` means the aggressor bought (lifted an ask). */
export const SIDES = ['buy', 'sell'] as const;
export type Side = (typeof SIDES)[number];
export const sideSchema = z.enum(SIDES, expecting(`one of ${SIDES.join(', ')}`));
