import type { Job } from '../../generated/prisma/client';
import { QUOTAS } from '../../common/quotas.constants';
import type { DbClient } from '../../persistence/db-client.type';
import { JobFailure } from '../job-failure.error';

/**
 * The revision an import writes to must still exist, be unfinalized and have room for the new
 * assets. Checked before copying and again, under a row lock, when the job completes.
 */
export async function requireImportableRevision(
  db: DbClient,
  revisionId: string,
  newAssets: number,
  lock = false,
): Promise<void> {
  if (lock) await db.$queryRaw`SELECT id FROM revisions WHERE id = ${revisionId} FOR UPDATE`;
  const revision = await db.revision.findUnique({ where: { id: revisionId } });
  if (!revision) {
    throw new JobFailure([
      {
        Code: 'RESOURCE_NOT_FOUND_EXCEPTION',
        Message: `Revision ${revisionId} no longer exists.`,
        ResourceId: revisionId,
        ResourceType: 'REVISION',
      },
    ]);
  }
  if (revision.finalized || revision.publishedAt || revision.revoked) {
    throw new JobFailure([
      {
        Code: 'VALIDATION_EXCEPTION',
        Message: `Revision ${revisionId} was finalized; assets can only be imported into a revision that is not.`,
        ResourceId: revisionId,
        ResourceType: 'REVISION',
      },
    ]);
  }
  const existing = await db.asset.count({ where: { revisionId } });
  if (existing + newAssets > QUOTAS.assetsPerRevision) {
    throw new JobFailure([
      {
        Code: 'SERVICE_QUOTA_EXCEEDED_EXCEPTION',
        Message: `Revision ${revisionId} would exceed ${QUOTAS.assetsPerRevision} assets.`,
        LimitName: 'Assets per revision',
        LimitValue: QUOTAS.assetsPerRevision,
        ResourceId: revisionId,
        ResourceType: 'REVISION',
      },
    ]);
  }
}

/** AssetConfiguration.Tags of a job, as a tag map. */
export function assetTagsOf(job: Job): Record<string, string> {
  const configuration = job.assetConfiguration as {
    Tags?: { Key: string; Value: string }[];
  } | null;
  return Object.fromEntries((configuration?.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
}
