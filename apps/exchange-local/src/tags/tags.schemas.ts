import { z } from 'zod';

import { jsonBody, tagMapSchema } from '../protocol/request-schemas.util';

/** The Data Exchange model names this member `tags` on the wire (not `Tags`). */
export const tagResourceBody = jsonBody(z.object({ tags: tagMapSchema }));
export type TagResourceBody = z.output<typeof tagResourceBody>;

/** `?tagKeys=a&tagKeys=b`; express gives a string for one value and an array for several. */
export const untagResourceQuery = z.object({
  tagKeys: z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(z.string().min(1)).min(1),
  ),
});
export type UntagResourceQuery = z.output<typeof untagResourceQuery>;
