import { z } from 'zod';

import {
  booleanField,
  durationField,
  integerField,
  secretField,
  urlField,
} from '../config/config-fields.util';

/** S3 (or S3-compatible, e.g. MinIO) connection variables; pair with `s3ConfigRules`. */
export function s3ConfigFields() {
  return {
    S3_ENDPOINT: urlField({ protocols: ['http', 'https'] })
      .optional()
      .describe('S3-compatible endpoint URL; unset means AWS S3'),
    S3_REGION: z.string().min(1).prefault('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: secretField().optional(),
    /** Defaults to true when S3_ENDPOINT is set (MinIO and most S3-compatible servers need it). */
    S3_FORCE_PATH_STYLE: booleanField().optional(),
    S3_MAX_ATTEMPTS: integerField({ min: 1, max: 20 }).prefault('3'),
    S3_CONNECTION_TIMEOUT: durationField().prefault('3s'),
    S3_REQUEST_TIMEOUT: durationField().prefault('60s'),
  };
}

export type S3Config = z.output<z.ZodObject<ReturnType<typeof s3ConfigFields>>>;

type S3CredentialsInput = Pick<S3Config, 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>;

/**
 * Static credentials come in pairs; with neither set the AWS default provider chain applies
 * (IRSA, instance profile, ...). Use with `.superRefine()`.
 */
export function s3ConfigRules(config: S3CredentialsInput, ctx: z.RefinementCtx): void {
  if (config.S3_ACCESS_KEY_ID && !config.S3_SECRET_ACCESS_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['S3_SECRET_ACCESS_KEY'],
      message: 'is required when S3_ACCESS_KEY_ID is set',
    });
  }
  if (config.S3_SECRET_ACCESS_KEY && !config.S3_ACCESS_KEY_ID) {
    ctx.addIssue({
      code: 'custom',
      path: ['S3_ACCESS_KEY_ID'],
      message: 'is required when S3_SECRET_ACCESS_KEY is set',
    });
  }
}
