import { Inject, Injectable } from '@nestjs/common';

import { adxArn } from '../../common/arn.util';
import { derivedResourceId } from '../../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../../config/exchange-config.constants';
import type { ExchangeConfig } from '../../config/exchange-config.loader';
import type { Job, Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../persistence/prisma.service';
import { ObjectStore } from '../../storage/object-store.service';
import { TagsService } from '../../tags/tags.service';
import { s3JobError } from '../job-error.util';
import { JobFailure } from '../job-failure.error';
import type { JobExecution, JobHandler } from '../job-handler.interface';
import { importAssetsFromS3Schema, type JobError } from '../jobs.schemas';

import { assetTagsOf, requireImportableRevision } from './import-target.util';

/**
 * Copies each source object into the asset bucket (streaming), then creates one asset per source
 * (name = object key) in the transaction that completes the job, so the revision gains all the
 * job's assets or none. Asset ids and object keys derive from the job id and source position.
 */
@Injectable()
export class ImportAssetsFromS3JobHandler implements JobHandler {
  readonly type = 'IMPORT_ASSETS_FROM_S3' as const;

  constructor(
    private readonly prisma: PrismaService,
    private readonly store: ObjectStore,
    private readonly tags: TagsService,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  /** Object keys are derived from the job, so an abandoned job's partial copies can be found. */
  async abandon(job: Job): Promise<void> {
    const details = importAssetsFromS3Schema.parse(
      (job.details as Record<string, unknown>)['ImportAssetsFromS3'],
    );
    const keys = details.AssetSources.map(
      (_source, index) => `assets/${derivedResourceId(`${job.id}:${index}`)}`,
    );
    await this.store.delete(this.store.assetBucket, keys);
  }

  async run(job: Job): Promise<JobExecution> {
    const details = importAssetsFromS3Schema.parse(
      (job.details as Record<string, unknown>)['ImportAssetsFromS3'],
    );
    await requireImportableRevision(this.prisma, details.RevisionId, details.AssetSources.length);

    const copied: { id: string; key: string; name: string; size: number }[] = [];
    const failures: { error: JobError; source: { Bucket: string; Key: string } }[] = [];
    for (const [index, source] of details.AssetSources.entries()) {
      const id = derivedResourceId(`${job.id}:${index}`);
      const key = `assets/${id}`;
      try {
        const size = await this.store.copy(
          { bucket: source.Bucket, key: source.Key },
          { bucket: this.store.assetBucket, key },
        );
        copied.push({ id, key, name: source.Key, size });
      } catch (error) {
        failures.push({
          error: s3JobError(error, { bucket: source.Bucket, key: source.Key }),
          source,
        });
      }
    }
    if (failures.length > 0) {
      await this.store
        .delete(
          this.store.assetBucket,
          copied.map((asset) => asset.key),
        )
        .catch(() => undefined);
      const first = failures[0] as (typeof failures)[number];
      throw new JobFailure([
        {
          ...first.error,
          Message:
            failures.length === 1
              ? first.error.Message
              : `${failures.length} of ${details.AssetSources.length} sources could not be imported; first: ${first.error.Message}`,
          Details: { ImportAssetsFromS3JobErrorDetails: failures.map((failure) => failure.source) },
        },
      ]);
    }

    return {
      finish: async (tx: Prisma.TransactionClient) => {
        await requireImportableRevision(tx, details.RevisionId, copied.length, true);
        await tx.asset.createMany({
          data: copied.map((asset) => ({
            dataSetId: details.DataSetId,
            id: asset.id,
            name: asset.name,
            revisionId: details.RevisionId,
            size: BigInt(asset.size),
            storageKey: asset.key,
          })),
          skipDuplicates: true,
        });
        const tags = assetTagsOf(job);
        for (const asset of copied) {
          const arn = adxArn.asset(
            { region: this.config.region, accountId: job.accountId },
            details.DataSetId,
            details.RevisionId,
            asset.id,
          );
          await this.tags.addTags(job.accountId, arn, tags, tx);
        }
      },
    };
  }
}
