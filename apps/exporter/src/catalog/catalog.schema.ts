import { z } from 'zod';

import { EXPORT_RUN_STATUSES } from '../exports/export-run.schema';
import { EXPORT_MODES } from '../subscriptions/subscription.schema';

/** GET /catalog query. */
export const catalogQuerySchema = z.strictObject({
  revisions: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('newest revisions per data set'),
  subscribed: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('only data sets with a subscription'),
});
export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

const destinationStatusSchema = z.object({
  subscriptionId: z.string(),
  subscriptionName: z.string(),
  bucket: z.string(),
  keyPattern: z.string(),
  status: z.enum([...EXPORT_RUN_STATUSES, 'NOT_EXPORTED']),
  exportRunId: z.string().nullable(),
  error: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const catalogViewSchema = z.object({
  dataSets: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      arn: z.string(),
      productId: z.string().nullable(),
      description: z.string().nullable(),
      subscriptions: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          bucket: z.string(),
          mode: z.enum(EXPORT_MODES),
          enabled: z.boolean(),
        }),
      ),
      revisions: z.array(
        z.object({
          id: z.string(),
          createdAt: z.string(),
          comment: z.string().nullable(),
          finalized: z.boolean(),
          revoked: z.boolean(),
          exports: z.array(destinationStatusSchema),
        }),
      ),
    }),
  ),
});
export type CatalogView = z.infer<typeof catalogViewSchema>;
