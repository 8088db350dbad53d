import { z } from 'zod';

import { bucketNameProblem } from './bucket-name.util';
import { keyPatternProblems } from './key-pattern.util';

export const EXPORT_MODES = ['PATTERN', 'LATEST'] as const;
export const ENCRYPTION_TYPES = ['AES256', 'aws:kms'] as const;

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;

export const bucketSchema = z.string().superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `bucket "${name}" ${problem}` });
});

export const keyPatternSchema = z.string().superRefine((pattern, ctx) => {
  for (const problem of keyPatternProblems(pattern)) {
    ctx.addIssue({ code: 'custom', message: `keyPattern ${problem}` });
  }
});

/** Server-side encryption of the exported objects, as EXPORT_REVISIONS_TO_S3 takes it. */
export const encryptionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('AES256') }),
  z.strictObject({
    type: z.literal('aws:kms'),
    kmsKeyArn: z
      .string()
      .regex(KMS_KEY_ARN, 'expected a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/...'),
  }),
]);
export type EncryptionInput = z.infer<typeof encryptionSchema>;

const nameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:@/>-]+$/, 'expected 1-200 of A-Z a-z 0-9 . _ : @ / > -');

/** The data set: an entitled data set's id or its name. */
const dataSetSchema = z.string().min(1).max(256);

const destinationFields = {
  bucket: bucketSchema,
  /** PATTERN mode only; LATEST uses `latest/${DataSet.Name}/${Asset.Name}`. */
  keyPattern: keyPatternSchema.optional(),
  mode: z.enum(EXPORT_MODES).optional(),
  encryption: encryptionSchema.nullable().optional(),
  enabled: z.boolean().optional(),
};

const latestTakesNoPattern = (
  value: { mode?: string | undefined; keyPattern?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (value.mode === 'LATEST' && value.keyPattern !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['keyPattern'],
      message:
        'LATEST mode writes the fixed keys latest/${DataSet.Name}/${Asset.Name}; leave keyPattern out',
    });
  }
};

/** POST /subscriptions */
export const createSubscriptionSchema = z
  .strictObject({ name: nameSchema.optional(), dataSet: dataSetSchema, ...destinationFields })
  .superRefine(latestTakesNoPattern);
export type CreateSubscriptionInput = z.infer<typeof createSubscriptionSchema>;

/** PATCH /subscriptions/:id (the data set of a subscription never changes). */
export const updateSubscriptionSchema = z
  .strictObject({
    name: nameSchema.optional(),
    bucket: bucketSchema.optional(),
    keyPattern: keyPatternSchema.optional(),
    mode: z.enum(EXPORT_MODES).optional(),
    encryption: encryptionSchema.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .superRefine(latestTakesNoPattern);
export type UpdateSubscriptionInput = z.infer<typeof updateSubscriptionSchema>;

/**
 * The subscription document (EXPORTER_SUBSCRIPTIONS_FILE / EXPORTER_SUBSCRIPTIONS). `dataSet`
 * may also be `*`: every data set the account is entitled to, now and later.
 */
export const subscriptionDocumentSchema = z.strictObject({
  subscriptions: z.array(
    z
      .strictObject({ name: nameSchema, dataSet: dataSetSchema, ...destinationFields })
      .superRefine(latestTakesNoPattern),
  ),
});
export type SubscriptionDocument = z.infer<typeof subscriptionDocumentSchema>;
export type SubscriptionEntry = SubscriptionDocument['subscriptions'][number];

/** Without a document: every entitled data set to `tickline-subscriber`, ADX's default keys. */
export const DEFAULT_SUBSCRIPTION_DOCUMENT: SubscriptionDocument = {
  subscriptions: [{ name: 'all-entitled', dataSet: '*', bucket: 'tickline-subscriber' }],
};

/** A subscription as the REST API shows it. */
export const subscriptionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  dataSetId: z.string(),
  bucket: z.string(),
  keyPattern: z.string(),
  mode: z.enum(EXPORT_MODES),
  encryption: encryptionSchema.nullable(),
  enabled: z.boolean(),
  reconciledUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;
