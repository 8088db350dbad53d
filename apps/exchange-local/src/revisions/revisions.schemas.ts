import { z } from 'zod';

import {
  jsonBody,
  maxResultsQuery,
  nextTokenQuery,
  tagMapSchema,
} from '../protocol/request-schemas.util';

const commentSchema = z.string().max(16384);

export const createRevisionBody = jsonBody(
  z.object({ Comment: commentSchema.optional(), Tags: tagMapSchema.optional() }),
);
export type CreateRevisionBody = z.output<typeof createRevisionBody>;

export const listRevisionsQuery = z.object({
  maxResults: maxResultsQuery(200),
  nextToken: nextTokenQuery,
});
export type ListRevisionsQuery = z.output<typeof listRevisionsQuery>;

export const updateRevisionBody = jsonBody(
  z.object({ Comment: commentSchema.optional(), Finalized: z.boolean().optional() }),
);
export type UpdateRevisionBody = z.output<typeof updateRevisionBody>;

export const revokeRevisionBody = jsonBody(
  z.object({ RevocationComment: z.string().min(10).max(512) }),
);
export type RevokeRevisionBody = z.output<typeof revokeRevisionBody>;
