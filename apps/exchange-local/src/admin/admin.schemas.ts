import { z } from 'zod';

import { accountIdSchema } from '../config/bootstrap-file.schema';
import { jsonBody } from '../protocol/request-schemas.util';

/** Admin API shapes; the OpenAPI document is generated from these schemas. */
export const productIdSchema = z
  .string()
  .regex(
    /^prod-[a-z0-9]{4,40}$/,
    "must look like 'prod-' followed by lower-case letters or digits",
  );

export const putAccountSchema = z
  .object({
    name: z.string().min(1).max(64),
    accessKeyId: z
      .string()
      .regex(/^[A-Z0-9]{16,128}$/, 'must be 16-128 upper-case letters or digits'),
    secretAccessKey: z.string().min(16).max(128),
  })
  .strict();
export const putAccountBody = jsonBody(putAccountSchema);
export type PutAccountBody = z.output<typeof putAccountBody>;

export const accountView = z.object({
  accountId: accountIdSchema,
  name: z.string(),
  accessKeyId: z.string(),
  source: z
    .enum(['bootstrap', 'admin'])
    .describe('bootstrap accounts are managed by the bootstrap file'),
});

export const putProductSchema = z
  .object({
    ownerAccountId: accountIdSchema,
    title: z.string().min(1).max(255),
    description: z.string().max(16384).optional(),
    autoPublish: z
      .boolean()
      .optional()
      .describe('finalizing a revision publishes it (default true)'),
  })
  .strict();
export const putProductBody = jsonBody(putProductSchema);
export type PutProductBody = z.output<typeof putProductBody>;

export const productView = z.object({
  productId: productIdSchema,
  ownerAccountId: accountIdSchema,
  title: z.string(),
  description: z.string(),
  autoPublish: z.boolean(),
  subscriberAccountIds: z.array(accountIdSchema),
  dataSetIds: z.array(z.string()).describe('owned data sets in the product'),
});

export const errorView = z
  .object({ Message: z.string() })
  .describe('x-amzn-ErrorType names the error');
