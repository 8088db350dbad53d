import { z } from 'zod';

import { encryptionSchema } from '../jobs/jobs.schemas';
import {
  jsonBody,
  maxResultsQuery,
  nextTokenQuery,
  resourceIdSchema,
  tagMapSchema,
} from '../protocol/request-schemas.util';

export const actionSchema = z.object({
  ExportRevisionToS3: z.object({
    Encryption: encryptionSchema.optional(),
    RevisionDestination: z.object({
      Bucket: z.string().min(1).max(255),
      KeyPattern: z.string().min(1).max(1024).optional(),
    }),
  }),
});
export type Action = z.output<typeof actionSchema>;

export const eventSchema = z.object({
  RevisionPublished: z.object({ DataSetId: resourceIdSchema }),
});

export const createEventActionBody = jsonBody(
  z.object({ Action: actionSchema, Event: eventSchema, Tags: tagMapSchema.optional() }),
);
export type CreateEventActionBody = z.output<typeof createEventActionBody>;

export const updateEventActionBody = jsonBody(z.object({ Action: actionSchema.optional() }));
export type UpdateEventActionBody = z.output<typeof updateEventActionBody>;

export const listEventActionsQuery = z.object({
  eventSourceId: z.string().min(1).optional(),
  maxResults: maxResultsQuery(200),
  nextToken: nextTokenQuery,
});
export type ListEventActionsQuery = z.output<typeof listEventActionsQuery>;
