import { z } from 'zod';

import {
  jsonBody,
  maxResultsQuery,
  nextTokenQuery,
  resourceIdSchema,
} from '../protocol/request-schemas.util';

/** Job types exchange-local runs (the S3 snapshot ones). */
export const SUPPORTED_JOB_TYPES = [
  'IMPORT_ASSETS_FROM_S3',
  'IMPORT_ASSET_FROM_SIGNED_URL',
  'EXPORT_ASSETS_TO_S3',
  'EXPORT_ASSET_TO_SIGNED_URL',
  'EXPORT_REVISIONS_TO_S3',
] as const;
export type SupportedJobType = (typeof SUPPORTED_JOB_TYPES)[number];

/** Every job type of the Data Exchange model; the others are answered as unsupported. */
export const ALL_JOB_TYPES = [
  ...SUPPORTED_JOB_TYPES,
  'IMPORT_ASSETS_FROM_REDSHIFT_DATA_SHARES',
  'IMPORT_ASSET_FROM_API_GATEWAY_API',
  'CREATE_S3_DATA_ACCESS_FROM_S3_BUCKET',
  'IMPORT_ASSETS_FROM_LAKE_FORMATION_TAG_POLICY',
] as const;

/** The `Details` member that goes with each job type. */
export const DETAILS_KEY: Readonly<Record<SupportedJobType, string>> = {
  IMPORT_ASSETS_FROM_S3: 'ImportAssetsFromS3',
  IMPORT_ASSET_FROM_SIGNED_URL: 'ImportAssetFromSignedUrl',
  EXPORT_ASSETS_TO_S3: 'ExportAssetsToS3',
  EXPORT_ASSET_TO_SIGNED_URL: 'ExportAssetToSignedUrl',
  EXPORT_REVISIONS_TO_S3: 'ExportRevisionsToS3',
};

const bucketSchema = z.string().min(1).max(255);
const objectKeySchema = z.string().min(1).max(1024);

export const encryptionSchema = z
  .object({ KmsKeyArn: z.string().min(1).optional(), Type: z.enum(['aws:kms', 'AES256']) })
  .refine((value) => value.Type !== 'aws:kms' || value.KmsKeyArn !== undefined, {
    message: 'Member must not be null when Type is aws:kms',
    path: ['KmsKeyArn'],
  });
export type Encryption = z.output<typeof encryptionSchema>;

export const importAssetsFromS3Schema = z.object({
  AssetSources: z.array(z.object({ Bucket: bucketSchema, Key: objectKeySchema })).min(1),
  DataSetId: resourceIdSchema,
  RevisionId: resourceIdSchema,
});

export const importAssetFromSignedUrlSchema = z.object({
  AssetName: z.string().min(1).max(1024),
  DataSetId: resourceIdSchema,
  Md5Hash: z
    .string()
    .regex(/^[a-zA-Z0-9+/]{22}==$/, 'Member must be a base64-encoded MD5 digest (24 characters)'),
  RevisionId: resourceIdSchema,
});

export const exportAssetsToS3Schema = z.object({
  AssetDestinations: z
    .array(
      z.object({
        AssetId: resourceIdSchema,
        Bucket: bucketSchema,
        Key: objectKeySchema.optional(),
      }),
    )
    .min(1),
  DataSetId: resourceIdSchema,
  Encryption: encryptionSchema.optional(),
  RevisionId: resourceIdSchema,
});

export const exportAssetToSignedUrlSchema = z.object({
  AssetId: resourceIdSchema,
  DataSetId: resourceIdSchema,
  RevisionId: resourceIdSchema,
});

export const revisionDestinationSchema = z.object({
  Bucket: bucketSchema,
  KeyPattern: z.string().min(1).max(1024).optional(),
  RevisionId: resourceIdSchema,
});

export const exportRevisionsToS3Schema = z.object({
  DataSetId: resourceIdSchema,
  Encryption: encryptionSchema.optional(),
  RevisionDestinations: z.array(revisionDestinationSchema).min(1),
});

export const createJobBody = jsonBody(
  z.object({
    AssetConfiguration: z
      .object({
        Tags: z
          .array(z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) }))
          .max(50),
      })
      .optional(),
    Details: z.object({
      ExportAssetToSignedUrl: exportAssetToSignedUrlSchema.optional(),
      ExportAssetsToS3: exportAssetsToS3Schema.optional(),
      ExportRevisionsToS3: exportRevisionsToS3Schema.optional(),
      ImportAssetFromSignedUrl: importAssetFromSignedUrlSchema.optional(),
      ImportAssetsFromS3: importAssetsFromS3Schema.optional(),
    }),
    Type: z.enum(ALL_JOB_TYPES),
  }),
);
export type CreateJobBody = z.output<typeof createJobBody>;

export const listJobsQuery = z.object({
  dataSetId: z.string().min(1).optional(),
  maxResults: maxResultsQuery(200),
  nextToken: nextTokenQuery,
  revisionId: z.string().min(1).optional(),
});
export type ListJobsQuery = z.output<typeof listJobsQuery>;

/** A JobError as the API returns it. */
export interface JobError {
  Code:
    | 'ACCESS_DENIED_EXCEPTION'
    | 'INTERNAL_SERVER_EXCEPTION'
    | 'RESOURCE_NOT_FOUND_EXCEPTION'
    | 'SERVICE_QUOTA_EXCEEDED_EXCEPTION'
    | 'VALIDATION_EXCEPTION';
  Message: string;
  Details?: {
    ImportAssetFromSignedUrlJobErrorDetails?: { AssetName: string };
    ImportAssetsFromS3JobErrorDetails?: { Bucket: string; Key: string }[];
  };
  LimitName?: string;
  LimitValue?: number;
  ResourceId?: string;
  ResourceType?: 'ASSET' | 'DATA_SET' | 'REVISION';
}
