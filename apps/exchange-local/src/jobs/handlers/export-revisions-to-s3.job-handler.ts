import { Injectable } from '@nestjs/common';

import { QUOTAS } from '../../common/quotas.constants';
import { resolveKeyPattern } from '../../common/key-pattern.util';
import type { Job } from '../../generated/prisma/client';
import { PrismaService } from '../../persistence/prisma.service';
import { ObjectStore } from '../../storage/object-store.service';
import { s3JobError } from '../job-error.util';
import { JobFailure } from '../job-failure.error';
import type { JobExecution, JobHandler } from '../job-handler.interface';
import { exportRevisionsToS3Schema } from '../jobs.schemas';

import { requireExportableRevision } from './export-source.util';

/**
 * Streams every asset of the revision to the destination bucket under its resolved KeyPattern.
 * Two assets resolving to one key fail the job before anything is written, as in AWS (only
 * `${Asset.Id}` guarantees unique keys); existing objects are overwritten.
 */
@Injectable()
export class ExportRevisionsToS3JobHandler implements JobHandler {
  readonly type = 'EXPORT_REVISIONS_TO_S3' as const;

  constructor(
    private readonly prisma: PrismaService,
    private readonly store: ObjectStore,
  ) {}

  async run(job: Job): Promise<JobExecution> {
    const details = exportRevisionsToS3Schema.parse(
      (job.details as Record<string, unknown>)['ExportRevisionsToS3'],
    );
    const dataSet = await this.prisma.dataSet.findUnique({ where: { id: details.DataSetId } });
    if (!dataSet) {
      throw new JobFailure([
        {
          Code: 'RESOURCE_NOT_FOUND_EXCEPTION',
          Message: `Data set ${details.DataSetId} no longer exists.`,
          ResourceId: details.DataSetId,
          ResourceType: 'DATA_SET',
        },
      ]);
    }
    for (const destination of details.RevisionDestinations) {
      const revision = await requireExportableRevision(this.prisma, destination.RevisionId);
      const assets = await this.prisma.asset.findMany({
        where: { revisionId: revision.id },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      if (assets.length > QUOTAS.assetsPerRevisionsExport) {
        throw new JobFailure([
          {
            Code: 'SERVICE_QUOTA_EXCEEDED_EXCEPTION',
            Message: `Revision ${revision.id} has more than ${QUOTAS.assetsPerRevisionsExport} assets.`,
            LimitName: 'Assets per revision',
            LimitValue: QUOTAS.assetsPerRevisionsExport,
            ResourceId: revision.id,
            ResourceType: 'REVISION',
          },
        ]);
      }
      const pattern = destination.KeyPattern as string;
      const targets = assets.map((asset) => ({
        asset,
        key: resolveKeyPattern(pattern, {
          asset: { id: asset.id, name: asset.name },
          dataSet: { id: dataSet.id, name: dataSet.name },
          revision: { id: revision.id, createdAt: revision.createdAt },
        }),
      }));
      const seen = new Set<string>();
      for (const target of targets) {
        if (seen.has(target.key)) {
          throw new JobFailure([
            {
              Code: 'VALIDATION_EXCEPTION',
              Message: `Two assets of revision ${revision.id} resolve to the key "${target.key}"; use \${Asset.Id} in the KeyPattern.`,
              ResourceId: revision.id,
              ResourceType: 'REVISION',
            },
          ]);
        }
        seen.add(target.key);
      }
      for (const target of targets) {
        const location = { bucket: destination.Bucket, key: target.key };
        try {
          await this.store.copy(
            { bucket: this.store.assetBucket, key: target.asset.storageKey },
            location,
            {
              encryption: details.Encryption,
            },
          );
        } catch (error) {
          throw new JobFailure([s3JobError(error, location)]);
        }
      }
    }
    return {};
  }
}
