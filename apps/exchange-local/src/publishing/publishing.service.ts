import { Inject, Injectable, Logger } from '@nestjs/common';

import { adxArn } from '../common/arn.util';
import { newResourceId } from '../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { EventOutbox } from '../events/event-outbox.service';
import { DETAIL_TYPES, exchangeEvent } from '../events/exchange-event.util';
import type { DataSet, Prisma, Product, Revision } from '../generated/prisma/client';

type Tx = Prisma.TransactionClient;

export interface PublishOutcome {
  /** Entitled revisions created (empty when the revision was already published there). */
  readonly publishedRevisionIds: string[];
  /** Jobs started by subscribers' event actions. */
  readonly startedJobIds: string[];
}

/**
 * How owned data reaches subscribers. Publishing a revision to a product creates (once) the
 * product's ENTITLED copy of the data set, a copy of the revision and of its assets (sharing the
 * stored bytes), emits "Revision Published To Data Set" to every subscriber and starts the
 * subscribers' matching event actions as EXPORT_REVISIONS_TO_S3 jobs. Everything happens inside
 * the caller's transaction, so a publication is all or nothing.
 */
@Injectable()
export class PublishingService {
  private readonly logger = new Logger(PublishingService.name);

  constructor(
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly outbox: EventOutbox,
  ) {}

  /** Finalizing publishes to the products that use automatic revision publishing. */
  async publishOnFinalize(tx: Tx, dataSet: DataSet, revision: Revision): Promise<PublishOutcome> {
    const links = await tx.productDataSet.findMany({
      where: { dataSetId: dataSet.id, product: { autoPublish: true } },
      include: { product: true },
      orderBy: { productId: 'asc' },
    });
    return this.merge(
      await mapSequential(links, (link) =>
        this.publishRevision(tx, link.product, dataSet, revision),
      ),
    );
  }

  async publishRevision(
    tx: Tx,
    product: Product,
    dataSet: DataSet,
    revision: Revision,
  ): Promise<PublishOutcome> {
    const now = new Date();
    const entitled = await this.entitledCopy(tx, product, dataSet);
    const existing = await tx.revision.findUnique({
      where: { dataSetId_sourceId: { dataSetId: entitled.id, sourceId: revision.id } },
    });
    if (existing) return { publishedRevisionIds: [], startedJobIds: [] };

    const copy = await tx.revision.create({
      data: {
        comment: revision.comment,
        createdAt: now,
        dataSetId: entitled.id,
        finalized: true,
        id: newResourceId(),
        sourceId: revision.id,
      },
    });
    const assets = await tx.asset.findMany({
      where: { revisionId: revision.id },
      orderBy: { id: 'asc' },
    });
    await tx.asset.createMany({
      data: assets.map((asset) => ({
        createdAt: now,
        dataSetId: entitled.id,
        id: newResourceId(),
        name: asset.name,
        revisionId: copy.id,
        size: asset.size,
        sourceId: asset.id,
        storageKey: asset.storageKey,
      })),
    });
    await tx.productDataSet.update({
      where: { productId_dataSetId: { productId: product.id, dataSetId: dataSet.id } },
      data: { lastRevisionAddedAt: now },
    });
    if (!revision.publishedAt) {
      await tx.revision.update({ where: { id: revision.id }, data: { publishedAt: now } });
    }

    for (const subscriberAccountId of await this.subscribers(tx, product.id)) {
      await this.outbox.enqueue(
        tx,
        exchangeEvent({
          detailType: DETAIL_TYPES.revisionPublished,
          account: subscriberAccountId,
          region: this.config.region,
          resources: [entitled.id],
          detail: {
            RevisionIds: [copy.id],
            Revisions: [{ Id: copy.id, ...(copy.comment ? { Comment: copy.comment } : {}) }],
            DataSets: [{ Id: entitled.id, Name: entitled.name }],
            Product: { Id: product.id, Name: product.title },
          },
          time: now,
        }),
      );
    }
    const startedJobIds = await this.startEventActions(tx, product, entitled, copy);
    this.logger.log(
      `Published revision ${revision.id} of data set ${dataSet.id} to product ${product.id} as ${copy.id}; started ${startedJobIds.length} auto-export job(s).`,
    );
    return { publishedRevisionIds: [copy.id], startedJobIds };
  }

  /**
   * Adds an owned data set to a product (AddDataSets): its finalized, unrevoked revisions are
   * published at once, and subscribers hear "Data Sets Published To Product".
   */
  async addDataSet(tx: Tx, product: Product, dataSet: DataSet): Promise<PublishOutcome> {
    await tx.productDataSet.create({ data: { dataSetId: dataSet.id, productId: product.id } });
    const entitled = await this.entitledCopy(tx, product, dataSet);
    for (const subscriberAccountId of await this.subscribers(tx, product.id)) {
      await this.outbox.enqueue(
        tx,
        exchangeEvent({
          detailType: DETAIL_TYPES.dataSetsPublishedToProduct,
          account: subscriberAccountId,
          region: this.config.region,
          resources: [product.id],
          detail: {
            DataSetIds: [entitled.id],
            DataSets: [{ Id: entitled.id, Name: entitled.name }],
            Product: { Id: product.id, Name: product.title },
          },
        }),
      );
    }
    const revisions = await tx.revision.findMany({
      where: { dataSetId: dataSet.id, finalized: true, revoked: false },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return this.merge(
      await mapSequential(revisions, (revision) =>
        this.publishRevision(tx, product, dataSet, revision),
      ),
    );
  }

  /** Revoking an owned revision revokes its entitled copies and tells their subscribers. */
  async revokeCopies(tx: Tx, revision: Revision, comment: string, revokedAt: Date): Promise<void> {
    const copies = await tx.revision.findMany({
      where: { sourceId: revision.id },
      include: { dataSet: { include: { product: true } } },
    });
    for (const copy of copies) {
      await tx.revision.update({
        where: { id: copy.id },
        data: { revocationComment: comment, revoked: true, revokedAt },
      });
      const product = copy.dataSet.product;
      if (!product) continue;
      for (const subscriberAccountId of await this.subscribers(tx, product.id)) {
        await this.outbox.enqueue(
          tx,
          exchangeEvent({
            detailType: DETAIL_TYPES.revisionRevoked,
            account: subscriberAccountId,
            region: this.config.region,
            resources: [copy.dataSetId],
            detail: {
              RevisionIds: [copy.id],
              Revisions: [{ Id: copy.id, ...(copy.comment ? { Comment: copy.comment } : {}) }],
              DataSets: [{ Id: copy.dataSetId, Name: copy.dataSet.name }],
              Product: { Id: product.id, Name: product.title },
              RevocationComment: comment,
            },
            time: revokedAt,
          }),
        );
      }
    }
  }

  private async entitledCopy(tx: Tx, product: Product, dataSet: DataSet): Promise<DataSet> {
    const existing = await tx.dataSet.findUnique({
      where: { productId_sourceId: { productId: product.id, sourceId: dataSet.id } },
    });
    if (existing) return existing;
    return tx.dataSet.create({
      data: {
        accountId: dataSet.accountId,
        assetType: dataSet.assetType,
        description: dataSet.description,
        id: newResourceId(),
        name: dataSet.name,
        origin: 'ENTITLED',
        productId: product.id,
        sourceId: dataSet.id,
      },
    });
  }

  private async subscribers(tx: Tx, productId: string): Promise<string[]> {
    const rows = await tx.subscription.findMany({
      where: { productId },
      orderBy: { subscriberAccountId: 'asc' },
    });
    return rows.map((row) => row.subscriberAccountId);
  }

  /** Event actions of still-subscribed accounts on the entitled data set become export jobs. */
  private async startEventActions(
    tx: Tx,
    product: Product,
    entitled: DataSet,
    copy: Revision,
  ): Promise<string[]> {
    const actions = await tx.eventAction.findMany({
      where: {
        dataSetId: entitled.id,
        account: { subscriptions: { some: { productId: product.id } } },
      },
      orderBy: { createdAt: 'asc' },
    });
    const jobIds: string[] = [];
    for (const action of actions) {
      const exportAction = (action.action as unknown as EventActionDocument).ExportRevisionToS3;
      const jobId = newResourceId();
      await tx.job.create({
        data: {
          accountId: action.accountId,
          dataSetId: entitled.id,
          details: {
            ExportRevisionsToS3: {
              DataSetId: entitled.id,
              ...(exportAction.Encryption ? { Encryption: exportAction.Encryption } : {}),
              EventActionArn: adxArn.eventAction(
                { region: this.config.region, accountId: action.accountId },
                action.id,
              ),
              RevisionDestinations: [
                {
                  Bucket: exportAction.RevisionDestination.Bucket,
                  KeyPattern: exportAction.RevisionDestination.KeyPattern,
                  RevisionId: copy.id,
                },
              ],
            },
          },
          eventActionId: action.id,
          id: jobId,
          revisionId: copy.id,
          startedAt: new Date(),
          state: 'IN_PROGRESS',
          type: 'EXPORT_REVISIONS_TO_S3',
        },
      });
      jobIds.push(jobId);
    }
    return jobIds;
  }

  private merge(outcomes: PublishOutcome[]): PublishOutcome {
    return {
      publishedRevisionIds: outcomes.flatMap((outcome) => outcome.publishedRevisionIds),
      startedJobIds: outcomes.flatMap((outcome) => outcome.startedJobIds),
    };
  }
}

/** The stored `action` of an event action (always with its KeyPattern filled in). */
export interface EventActionDocument {
  ExportRevisionToS3: {
    Encryption?: { Type: string; KmsKeyArn?: string };
    RevisionDestination: { Bucket: string; KeyPattern: string };
  };
}

/** Transactions run one statement at a time; this keeps the awaits in order. */
async function mapSequential<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}
