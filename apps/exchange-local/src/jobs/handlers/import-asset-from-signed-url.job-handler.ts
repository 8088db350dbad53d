import { Inject, Injectable } from '@nestjs/common';

import { adxArn } from '../../common/arn.util';
import { derivedResourceId } from '../../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../../config/exchange-config.constants';
import type { ExchangeConfig } from '../../config/exchange-config.loader';
import type { Job, Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../persistence/prisma.service';
import { ObjectStore } from '../../storage/object-store.service';
import { TagsService } from '../../tags/tags.service';
import { JobFailure } from '../job-failure.error';
import type { JobExecution, JobHandler } from '../job-handler.interface';
import { importAssetFromSignedUrlSchema } from '../jobs.schemas';

import { assetTagsOf, requireImportableRevision } from './import-target.util';

/** Where the signed-URL upload of a job is stored; it becomes the asset's bytes as is. */
export function signedUrlUploadKey(jobId: string): string {
  return `uploads/${jobId}`;
}

/**
 * The file was PUT to the job's signed URL (checked against Md5Hash) before StartJob; the job
 * turns that upload into an asset.
 */
@Injectable()
export class ImportAssetFromSignedUrlJobHandler implements JobHandler {
  readonly type = 'IMPORT_ASSET_FROM_SIGNED_URL' as const;

  constructor(
    private readonly prisma: PrismaService,
    private readonly store: ObjectStore,
    private readonly tags: TagsService,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async abandon(job: Job): Promise<void> {
    await this.store.delete(this.store.assetBucket, [signedUrlUploadKey(job.id)]);
  }

  async run(job: Job): Promise<JobExecution> {
    const details = importAssetFromSignedUrlSchema.parse(
      (job.details as Record<string, unknown>)['ImportAssetFromSignedUrl'],
    );
    await requireImportableRevision(this.prisma, details.RevisionId, 1);
    const key = signedUrlUploadKey(job.id);
    const size = await this.store.size({ bucket: this.store.assetBucket, key });
    if (size === undefined) {
      throw new JobFailure([
        {
          Code: 'VALIDATION_EXCEPTION',
          Message: 'No file was uploaded to the signed URL before the job was started.',
          Details: { ImportAssetFromSignedUrlJobErrorDetails: { AssetName: details.AssetName } },
        },
      ]);
    }
    const id = derivedResourceId(`${job.id}:0`);
    return {
      finish: async (tx: Prisma.TransactionClient) => {
        await requireImportableRevision(tx, details.RevisionId, 1, true);
        await tx.asset.createMany({
          data: [
            {
              dataSetId: details.DataSetId,
              id,
              name: details.AssetName,
              revisionId: details.RevisionId,
              size: BigInt(size),
              storageKey: key,
            },
          ],
          skipDuplicates: true,
        });
        const arn = adxArn.asset(
          { region: this.config.region, accountId: job.accountId },
          details.DataSetId,
          details.RevisionId,
          id,
        );
        await this.tags.addTags(job.accountId, arn, assetTagsOf(job), tx);
      },
    };
  }
}
