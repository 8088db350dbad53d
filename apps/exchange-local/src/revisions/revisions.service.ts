import { Inject, Injectable, Logger } from '@nestjs/common';

import { ResourceAccess } from '../access/resource-access.service';
import type { Caller } from '../auth/caller.decorator';
import { adxResourceArn, presentRevision, type ViewContext } from '../common/adx-view.presenter';
import { DEFAULT_PAGE_SIZE, QUOTAS } from '../common/quotas.constants';
import { newResourceId } from '../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { Prisma, Revision } from '../generated/prisma/client';
import { JobWakeUp } from '../jobs/job-wake-up.service';
import { PrismaService } from '../persistence/prisma.service';
import { awsErrors } from '../protocol/aws-error.exception';
import { afterCreatedDesc, createdCursor, toPage } from '../protocol/page.util';
import { PaginationTokenCodec } from '../protocol/pagination-token.util';
import { PublishingService } from '../publishing/publishing.service';
import { ObjectStore } from '../storage/object-store.service';
import { TagsService } from '../tags/tags.service';

import type {
  CreateRevisionBody,
  ListRevisionsQuery,
  RevokeRevisionBody,
  UpdateRevisionBody,
} from './revisions.schemas';

/**
 * Revisions and their publishing rules: a finalized revision is read-only, finalizing needs at
 * least one asset and no running import, a revision published to a product can never change
 * again (only be revoked), and finalizing publishes to products with automatic publishing.
 */
@Injectable()
export class RevisionsService {
  private readonly logger = new Logger(RevisionsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ResourceAccess,
    private readonly tags: TagsService,
    private readonly tokens: PaginationTokenCodec,
    private readonly publishing: PublishingService,
    private readonly store: ObjectStore,
    private readonly wakeUp: JobWakeUp,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async create(caller: Caller, dataSetId: string, body: CreateRevisionBody) {
    const view = this.view(caller);
    const { dataSet, revision } = await this.prisma.$transaction(async (tx) => {
      const owned = await this.access.writableDataSet(caller, dataSetId, tx);
      const count = await tx.revision.count({ where: { dataSetId } });
      if (count >= QUOTAS.revisionsPerDataSet) {
        throw awsErrors.serviceLimitExceeded('Revisions per data set', QUOTAS.revisionsPerDataSet);
      }
      const created = await tx.revision.create({
        data: { comment: body.Comment ?? null, dataSetId, id: newResourceId() },
      });
      await this.tags.addTags(
        caller.accountId,
        adxResourceArn.revision(view, owned, created.id),
        body.Tags,
        tx,
      );
      return { dataSet: owned, revision: created };
    });
    return presentRevision(view, dataSet, revision, body.Tags ?? {});
  }

  async get(caller: Caller, dataSetId: string, revisionId: string) {
    const view = this.view(caller);
    const { dataSet, revision } = await this.access.readableRevision(caller, dataSetId, revisionId);
    const tags = await this.tags.tagsOf(
      caller.accountId,
      adxResourceArn.revision(view, dataSet, revisionId),
    );
    return presentRevision(view, dataSet, revision, tags);
  }

  async list(caller: Caller, dataSetId: string, query: ListRevisionsQuery) {
    const dataSet = await this.access.readableDataSet(caller, dataSetId);
    const scope = `ListDataSetRevisions|${caller.accountId}|${dataSetId}`;
    const cursor = query.nextToken ? this.tokens.decode(scope, query.nextToken) : undefined;
    const pageSize = query.maxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await this.prisma.revision.findMany({
      where: { AND: [{ dataSetId }, afterCreatedDesc(cursor)] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: pageSize + 1,
    });
    const page = toPage(rows, pageSize, createdCursor, { codec: this.tokens, scope });
    const view = this.view(caller);
    return {
      Revisions: page.items.map((revision) => presentRevision(view, dataSet, revision)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async update(caller: Caller, dataSetId: string, revisionId: string, body: UpdateRevisionBody) {
    const view = this.view(caller);
    const result = await this.prisma.$transaction(async (tx) => {
      const { dataSet } = await this.access.writableRevision(caller, dataSetId, revisionId, tx);
      const revision = await this.lock(tx, revisionId);
      this.requireChangeable(revision);
      const commentChanges = body.Comment !== undefined && body.Comment !== revision.comment;
      if (revision.finalized && body.Finalized !== false && commentChanges) {
        throw awsErrors.conflict(
          `Revision ${revisionId} is finalized and read-only; un-finalize it (Finalized: false) to change it.`,
          'REVISION',
          revisionId,
        );
      }
      const finalizing = body.Finalized === true && !revision.finalized;
      if (finalizing) await this.requireFinalizable(tx, revisionId);
      const updated = await tx.revision.update({
        where: { id: revisionId },
        data: {
          ...(body.Comment !== undefined ? { comment: body.Comment } : {}),
          ...(body.Finalized !== undefined ? { finalized: body.Finalized } : {}),
        },
      });
      const outcome = finalizing
        ? await this.publishing.publishOnFinalize(tx, dataSet, updated)
        : undefined;
      return { dataSet, revision: updated, outcome };
    });
    if (result.outcome?.startedJobIds.length) this.wakeUp.nudge();
    if (body.Finalized !== undefined) {
      this.logger.log(
        `Account ${caller.accountId} set revision ${revisionId} finalized=${String(body.Finalized)}.`,
      );
    }
    return presentRevision(view, result.dataSet, result.revision);
  }

  async delete(caller: Caller, dataSetId: string, revisionId: string): Promise<void> {
    const view = this.view(caller);
    const storageKeys = await this.prisma.$transaction(async (tx) => {
      const { dataSet } = await this.access.writableRevision(caller, dataSetId, revisionId, tx);
      const revision = await this.lock(tx, revisionId);
      if (!revision.revoked && (revision.finalized || revision.publishedAt)) {
        throw awsErrors.conflict(
          `Revision ${revisionId} is finalized; un-finalize it before deleting it.`,
          'REVISION',
          revisionId,
        );
      }
      const assets = await tx.asset.findMany({
        where: { revisionId },
        select: { storageKey: true },
      });
      await tx.revision.delete({ where: { id: revisionId } });
      await this.tags.deleteTagsUnder(adxResourceArn.revision(view, dataSet, revisionId), tx);
      return assets.map((asset) => asset.storageKey);
    });
    await this.store.delete(this.store.assetBucket, storageKeys);
  }

  async revoke(caller: Caller, dataSetId: string, revisionId: string, body: RevokeRevisionBody) {
    const view = this.view(caller);
    const result = await this.prisma.$transaction(async (tx) => {
      const { dataSet } = await this.access.writableRevision(caller, dataSetId, revisionId, tx);
      const revision = await this.lock(tx, revisionId);
      if (revision.revoked) {
        throw awsErrors.conflict(
          `Revision ${revisionId} is already revoked.`,
          'REVISION',
          revisionId,
        );
      }
      if (!revision.finalized) {
        throw awsErrors.conflict(
          `Revision ${revisionId} is not finalized and cannot be revoked.`,
          'REVISION',
          revisionId,
        );
      }
      const revokedAt = new Date();
      const updated = await tx.revision.update({
        where: { id: revisionId },
        data: { revocationComment: body.RevocationComment, revoked: true, revokedAt },
      });
      await this.publishing.revokeCopies(tx, updated, body.RevocationComment, revokedAt);
      return { dataSet, revision: updated };
    });
    this.logger.log(`Account ${caller.accountId} revoked revision ${revisionId}.`);
    return presentRevision(view, result.dataSet, result.revision);
  }

  /** Serializes changes to one revision (finalize vs. import completion vs. edits). */
  private async lock(tx: Prisma.TransactionClient, revisionId: string): Promise<Revision> {
    await tx.$queryRaw`SELECT id FROM revisions WHERE id = ${revisionId} FOR UPDATE`;
    return this.reload(tx, revisionId);
  }

  private async reload(tx: Prisma.TransactionClient, revisionId: string): Promise<Revision> {
    return tx.revision.findUniqueOrThrow({ where: { id: revisionId } });
  }

  private requireChangeable(revision: Revision): void {
    if (revision.revoked) {
      throw awsErrors.conflict(
        `Revision ${revision.id} is revoked and cannot be changed.`,
        'REVISION',
        revision.id,
      );
    }
    if (revision.publishedAt) {
      throw awsErrors.conflict(
        `Revision ${revision.id} is published to a product and cannot be changed.`,
        'REVISION',
        revision.id,
      );
    }
  }

  private async requireFinalizable(
    tx: Prisma.TransactionClient,
    revisionId: string,
  ): Promise<void> {
    const assets = await tx.asset.count({ where: { revisionId } });
    if (assets === 0) {
      throw awsErrors.conflict(
        `Revision ${revisionId} has no assets; a revision needs at least one asset to be finalized.`,
        'REVISION',
        revisionId,
      );
    }
    const running = await tx.job.count({
      where: {
        revisionId,
        state: 'IN_PROGRESS',
        type: { in: ['IMPORT_ASSETS_FROM_S3', 'IMPORT_ASSET_FROM_SIGNED_URL'] },
      },
    });
    if (running > 0) {
      throw awsErrors.conflict(
        `Revision ${revisionId} has an import job in progress; finalize it once the job has finished.`,
        'REVISION',
        revisionId,
      );
    }
  }

  private view(caller: Caller): ViewContext {
    return { region: this.config.region, viewerAccountId: caller.accountId };
  }
}
