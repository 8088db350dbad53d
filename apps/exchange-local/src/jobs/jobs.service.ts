import { Inject, Injectable, Logger } from '@nestjs/common';

import { ResourceAccess } from '../access/resource-access.service';
import type { Caller } from '../auth/caller.decorator';
import { DEFAULT_JOB_KEY_PATTERN, validateKeyPattern } from '../common/key-pattern.util';
import { PublicUrl } from '../common/public-url.service';
import { DEFAULT_PAGE_SIZE, QUOTAS } from '../common/quotas.constants';
import { newResourceId } from '../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { Prisma, Revision } from '../generated/prisma/client';
import { PrismaService } from '../persistence/prisma.service';
import { type AdxLimitName, awsErrors } from '../protocol/aws-error.exception';
import { toAdxTimestamp } from '../protocol/aws-timestamp.util';
import { afterCreatedDesc, createdCursor, toPage } from '../protocol/page.util';
import { PaginationTokenCodec } from '../protocol/pagination-token.util';
import { SIGNED_URL_TTL_MS, signTransferUrl } from '../transfer/signed-url.util';

import { presentJob } from './job.presenter';
import { JobWakeUp } from './job-wake-up.service';
import {
  type CreateJobBody,
  DETAILS_KEY,
  type ListJobsQuery,
  SUPPORTED_JOB_TYPES,
  type SupportedJobType,
} from './jobs.schemas';

type Details = NonNullable<CreateJobBody['Details']>;

/** In-progress jobs per account and kind, with the quota names the real service uses. */
const CONCURRENCY: Readonly<Record<SupportedJobType, { limit: number; name: AdxLimitName }>> = {
  IMPORT_ASSETS_FROM_S3: {
    limit: QUOTAS.concurrentImportJobs,
    name: 'Concurrent in progress jobs to import assets from Amazon S3',
  },
  IMPORT_ASSET_FROM_SIGNED_URL: {
    limit: QUOTAS.concurrentImportJobs,
    name: 'Concurrent in progress jobs to import assets from a signed URL',
  },
  EXPORT_ASSETS_TO_S3: {
    limit: QUOTAS.concurrentExportJobs,
    name: 'Concurrent in progress jobs to export assets to Amazon S3',
  },
  EXPORT_ASSET_TO_SIGNED_URL: {
    limit: QUOTAS.concurrentExportJobs,
    name: 'Concurrent in progress jobs to export assets to a signed URL',
  },
  EXPORT_REVISIONS_TO_S3: {
    limit: QUOTAS.concurrentRevisionExportJobs,
    name: 'Concurrent in progress jobs to export revisions to Amazon S3',
  },
};

/**
 * CreateJob checks everything that can be checked up front (types, ownership, quotas, key
 * patterns) and stores the job WAITING; StartJob moves it to IN_PROGRESS, where the job runner
 * picks it up.
 */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ResourceAccess,
    private readonly tokens: PaginationTokenCodec,
    private readonly wakeUp: JobWakeUp,
    private readonly publicUrl: PublicUrl,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async create(caller: Caller, body: CreateJobBody) {
    const type = body.Type;
    if (!isSupported(type))
      throw awsErrors.validation(`Job type ${type} is not supported by exchange-local.`);
    const key = DETAILS_KEY[type];
    const given = Object.keys(body.Details).filter(
      (name) => body.Details[name as keyof Details] !== undefined,
    );
    if (given.length !== 1 || given[0] !== key) {
      throw awsErrors.validation(`Details must contain exactly ${key} for a job of type ${type}.`);
    }
    const id = newResourceId();
    const { details, dataSetId, revisionId } = await this.checkDetails(
      caller,
      id,
      type,
      body.Details,
    );
    const job = await this.prisma.job.create({
      data: {
        accountId: caller.accountId,
        ...(body.AssetConfiguration ? { assetConfiguration: body.AssetConfiguration } : {}),
        dataSetId,
        details: details as Prisma.InputJsonValue,
        id,
        revisionId,
        type,
      },
    });
    this.logger.log(
      `Account ${caller.accountId} created ${type} job ${id} for data set ${dataSetId}.`,
    );
    return presentJob(this.config.region, job);
  }

  async start(caller: Caller, jobId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const job = await this.lockOwnJob(tx, caller, jobId);
      if (job.state !== 'WAITING') {
        throw awsErrors.conflict(
          `Job ${jobId} is ${job.state} and can no longer be started.`,
          'JOB',
          jobId,
        );
      }
      const concurrency = CONCURRENCY[job.type as SupportedJobType];
      const running = await tx.job.count({
        where: { accountId: caller.accountId, state: 'IN_PROGRESS', type: job.type },
      });
      if (running >= concurrency.limit)
        throw awsErrors.serviceLimitExceeded(concurrency.name, concurrency.limit);
      await tx.job.update({
        where: { id: jobId },
        data: { startedAt: new Date(), state: 'IN_PROGRESS' },
      });
    });
    this.wakeUp.nudge();
  }

  async get(caller: Caller, jobId: string) {
    const job = await this.prisma.job.findFirst({
      where: { id: jobId, accountId: caller.accountId },
    });
    if (!job) throw awsErrors.resourceNotFound('JOB', jobId);
    return presentJob(this.config.region, job);
  }

  async list(caller: Caller, query: ListJobsQuery) {
    const scope = `ListJobs|${caller.accountId}|${query.dataSetId ?? ''}|${query.revisionId ?? ''}`;
    const cursor = query.nextToken ? this.tokens.decode(scope, query.nextToken) : undefined;
    if (query.dataSetId) await this.access.readableDataSet(caller, query.dataSetId);
    const pageSize = query.maxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await this.prisma.job.findMany({
      where: {
        AND: [
          { accountId: caller.accountId },
          query.dataSetId ? { dataSetId: query.dataSetId } : {},
          query.revisionId ? { revisionId: query.revisionId } : {},
          afterCreatedDesc(cursor),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: pageSize + 1,
    });
    const page = toPage(rows, pageSize, createdCursor, { codec: this.tokens, scope });
    return {
      Jobs: page.items.map((job) => presentJob(this.config.region, job)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async cancel(caller: Caller, jobId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const job = await this.lockOwnJob(tx, caller, jobId);
      if (job.state !== 'WAITING') {
        throw awsErrors.conflict(
          `Job ${jobId} is ${job.state}; only a WAITING job can be cancelled.`,
          'JOB',
          jobId,
        );
      }
      await tx.job.update({
        where: { id: jobId },
        data: { finishedAt: new Date(), state: 'CANCELLED' },
      });
    });
  }

  private async lockOwnJob(tx: Prisma.TransactionClient, caller: Caller, jobId: string) {
    await tx.$queryRaw`SELECT id FROM jobs WHERE id = ${jobId} FOR UPDATE`;
    const job = await tx.job.findFirst({ where: { id: jobId, accountId: caller.accountId } });
    if (!job) throw awsErrors.resourceNotFound('JOB', jobId);
    return job;
  }

  /** Validates the details against the caller's data and returns what the job stores. */
  private async checkDetails(
    caller: Caller,
    jobId: string,
    type: SupportedJobType,
    details: Details,
  ): Promise<{ details: Record<string, unknown>; dataSetId: string; revisionId: string | null }> {
    switch (type) {
      case 'IMPORT_ASSETS_FROM_S3': {
        const d = required(details.ImportAssetsFromS3);
        await this.importTarget(caller, d.DataSetId, d.RevisionId);
        if (d.AssetSources.length > QUOTAS.assetsPerImportJob) {
          throw awsErrors.serviceLimitExceeded(
            'Assets per import job from Amazon S3',
            QUOTAS.assetsPerImportJob,
          );
        }
        return {
          details: { ImportAssetsFromS3: d },
          dataSetId: d.DataSetId,
          revisionId: d.RevisionId,
        };
      }
      case 'IMPORT_ASSET_FROM_SIGNED_URL': {
        const d = required(details.ImportAssetFromSignedUrl);
        await this.importTarget(caller, d.DataSetId, d.RevisionId);
        const expiresAt = new Date(Date.now() + SIGNED_URL_TTL_MS);
        const signedUrl = signTransferUrl(this.publicUrl.base, this.config.tokenSecret, {
          direction: 'import',
          jobId,
          expiresAt,
        });
        return {
          details: {
            ImportAssetFromSignedUrl: {
              ...d,
              SignedUrl: signedUrl,
              SignedUrlExpiresAt: toAdxTimestamp(expiresAt),
            },
          },
          dataSetId: d.DataSetId,
          revisionId: d.RevisionId,
        };
      }
      case 'EXPORT_ASSETS_TO_S3': {
        const d = required(details.ExportAssetsToS3);
        const { revision } = await this.access.readableRevision(caller, d.DataSetId, d.RevisionId);
        requireNotRevoked(revision);
        if (d.AssetDestinations.length > QUOTAS.assetsPerExportJob) {
          throw awsErrors.serviceLimitExceeded(
            'Asset per export job from Amazon S3',
            QUOTAS.assetsPerExportJob,
          );
        }
        for (const destination of d.AssetDestinations) {
          const asset = await this.prisma.asset.findFirst({
            where: { id: destination.AssetId, revisionId: d.RevisionId },
          });
          if (!asset) throw awsErrors.resourceNotFound('ASSET', destination.AssetId);
        }
        return {
          details: { ExportAssetsToS3: d },
          dataSetId: d.DataSetId,
          revisionId: d.RevisionId,
        };
      }
      case 'EXPORT_ASSET_TO_SIGNED_URL': {
        const d = required(details.ExportAssetToSignedUrl);
        const { revision } = await this.access.readableAsset(caller, {
          dataSetId: d.DataSetId,
          revisionId: d.RevisionId,
          assetId: d.AssetId,
        });
        requireNotRevoked(revision);
        return {
          details: { ExportAssetToSignedUrl: d },
          dataSetId: d.DataSetId,
          revisionId: d.RevisionId,
        };
      }
      case 'EXPORT_REVISIONS_TO_S3': {
        const d = required(details.ExportRevisionsToS3);
        await this.access.readableDataSet(caller, d.DataSetId);
        if (d.RevisionDestinations.length > 1) {
          throw awsErrors.validation('An EXPORT_REVISIONS_TO_S3 job exports exactly one revision.');
        }
        const destinations = [];
        for (const destination of d.RevisionDestinations) {
          const { revision } = await this.access.readableRevision(
            caller,
            d.DataSetId,
            destination.RevisionId,
          );
          requireNotRevoked(revision);
          const keyPattern = destination.KeyPattern ?? DEFAULT_JOB_KEY_PATTERN;
          validateKeyPattern(keyPattern);
          destinations.push({ ...destination, KeyPattern: keyPattern });
        }
        return {
          details: { ExportRevisionsToS3: { ...d, RevisionDestinations: destinations } },
          dataSetId: d.DataSetId,
          revisionId: destinations[0]?.RevisionId ?? null,
        };
      }
    }
  }

  private async importTarget(caller: Caller, dataSetId: string, revisionId: string): Promise<void> {
    const { dataSet, revision } = await this.access.writableRevision(caller, dataSetId, revisionId);
    if (dataSet.assetType !== 'S3_SNAPSHOT') {
      throw awsErrors.validation(
        `Data set ${dataSetId} holds ${dataSet.assetType} assets; only S3_SNAPSHOT can be imported here.`,
      );
    }
    if (revision.finalized || revision.publishedAt || revision.revoked) {
      throw awsErrors.conflict(
        `Revision ${revisionId} is finalized; assets can only be imported into a revision that is not.`,
        'REVISION',
        revisionId,
      );
    }
  }
}

function isSupported(type: string): type is SupportedJobType {
  return (SUPPORTED_JOB_TYPES as readonly string[]).includes(type);
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw awsErrors.validation('Job details are missing.');
  return value;
}

function requireNotRevoked(revision: Revision): void {
  if (revision.revoked) {
    throw awsErrors.conflict(
      `Revision ${revision.id} is revoked; its assets can no longer be exported.`,
      'REVISION',
      revision.id,
    );
  }
}
