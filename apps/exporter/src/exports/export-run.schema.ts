import { z } from 'zod';

export const EXPORT_RUN_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/** GET /exports query. `subscription` is a subscription id or name. */
export const listExportsQuerySchema = z.strictObject({
  status: z.enum(EXPORT_RUN_STATUSES).optional(),
  subscription: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListExportsQuery = z.infer<typeof listExportsQuerySchema>;

export const exportJobViewSchema = z.object({
  id: z.string().describe('the exchange job id'),
  arn: z.string().nullable(),
  state: z.string(),
  errors: z.unknown().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const exportRunViewSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  subscriptionName: z.string(),
  dataSetId: z.string(),
  revisionId: z.string(),
  revisionCreatedAt: z.string().nullable(),
  bucket: z.string(),
  keyPattern: z.string(),
  status: z.enum(EXPORT_RUN_STATUSES),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  error: z.string().nullable(),
  job: exportJobViewSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  publishToObjectSeconds: z
    .number()
    .nullable()
    .describe('revision CreatedAt (publication) to the export finishing, for SUCCEEDED runs'),
});
export type ExportRunView = z.infer<typeof exportRunViewSchema>;
