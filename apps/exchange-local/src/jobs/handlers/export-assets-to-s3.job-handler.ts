import { Injectable } from '@nestjs/common';

import type { Job } from '../../generated/prisma/client';
import { PrismaService } from '../../persistence/prisma.service';
import { ObjectStore } from '../../storage/object-store.service';
import { s3JobError } from '../job-error.util';
import { JobFailure } from '../job-failure.error';
import type { JobExecution, JobHandler } from '../job-handler.interface';
import { exportAssetsToS3Schema } from '../jobs.schemas';

import { requireExportableRevision } from './export-source.util';

/** Streams each asset to its destination (default key: the asset name). */
@Injectable()
export class ExportAssetsToS3JobHandler implements JobHandler {
  readonly type = 'EXPORT_ASSETS_TO_S3' as const;

  constructor(
    private readonly prisma: PrismaService,
    private readonly store: ObjectStore,
  ) {}

  async run(job: Job): Promise<JobExecution> {
    const details = exportAssetsToS3Schema.parse(
      (job.details as Record<string, unknown>)['ExportAssetsToS3'],
    );
    await requireExportableRevision(this.prisma, details.RevisionId);
    for (const destination of details.AssetDestinations) {
      const asset = await this.prisma.asset.findFirst({
        where: { id: destination.AssetId, revisionId: details.RevisionId },
      });
      if (!asset) {
        throw new JobFailure([
          {
            Code: 'RESOURCE_NOT_FOUND_EXCEPTION',
            Message: `Asset ${destination.AssetId} no longer exists.`,
            ResourceId: destination.AssetId,
            ResourceType: 'ASSET',
          },
        ]);
      }
      const target = { bucket: destination.Bucket, key: destination.Key ?? asset.name };
      try {
        await this.store.copy({ bucket: this.store.assetBucket, key: asset.storageKey }, target, {
          encryption: details.Encryption,
        });
      } catch (error) {
        throw new JobFailure([s3JobError(error, target)]);
      }
    }
    return {};
  }
}
