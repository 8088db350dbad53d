import { adxArn } from '../common/arn.util';
import type { Job } from '../generated/prisma/client';
import { toAdxTimestamp } from '../protocol/aws-timestamp.util';
import { wireObject } from '../protocol/wire-object.util';

/** A job as GetJob / CreateJob return it (ListJobs entries have the same members). */
export function presentJob(region: string, job: Job) {
  return wireObject({
    Arn: adxArn.job({ region, accountId: job.accountId }, job.id),
    AssetConfiguration: job.assetConfiguration ?? undefined,
    CreatedAt: toAdxTimestamp(job.createdAt),
    Details: job.details,
    Errors: job.errors ?? [],
    Id: job.id,
    State: job.state,
    Type: job.type,
    UpdatedAt: toAdxTimestamp(job.updatedAt),
  });
}
