import { z } from 'zod';

import { jsonBody, maxResultsQuery, nextTokenQuery } from '../protocol/request-schemas.util';

export const listAssetsQuery = z.object({
  maxResults: maxResultsQuery(200),
  nextToken: nextTokenQuery,
});
export type ListAssetsQuery = z.output<typeof listAssetsQuery>;

export const updateAssetBody = jsonBody(z.object({ Name: z.string().min(1).max(1024) }));
export type UpdateAssetBody = z.output<typeof updateAssetBody>;
