import { z } from 'zod';

import {
  jsonBody,
  maxResultsQuery,
  nextTokenQuery,
  tagMapSchema,
} from '../protocol/request-schemas.util';

export const ASSET_TYPES = [
  'S3_SNAPSHOT',
  'REDSHIFT_DATA_SHARE',
  'API_GATEWAY_API',
  'S3_DATA_ACCESS',
  'LAKE_FORMATION_DATA_PERMISSION',
] as const;

const nameSchema = z.string().min(1).max(256);
const descriptionSchema = z.string().max(16384);

export const createDataSetBody = jsonBody(
  z.object({
    AssetType: z.enum(ASSET_TYPES),
    Description: descriptionSchema,
    Name: nameSchema,
    Tags: tagMapSchema.optional(),
  }),
);
export type CreateDataSetBody = z.output<typeof createDataSetBody>;

export const listDataSetsQuery = z.object({
  maxResults: maxResultsQuery(200),
  nextToken: nextTokenQuery,
  origin: z.enum(['OWNED', 'ENTITLED']).optional(),
});
export type ListDataSetsQuery = z.output<typeof listDataSetsQuery>;

export const updateDataSetBody = jsonBody(
  z.object({ Description: descriptionSchema.optional(), Name: nameSchema.optional() }),
);
export type UpdateDataSetBody = z.output<typeof updateDataSetBody>;
