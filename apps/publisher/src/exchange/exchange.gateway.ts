import {
  CreateDataSetCommand,
  CreateJobCommand,
  CreateRevisionCommand,
  GetJobCommand,
  type GetJobCommandOutput,
  GetRevisionCommand,
  paginateListDataSetRevisions,
  paginateListDataSets,
  paginateListJobs,
  paginateListRevisionAssets,
  type AssetEntry,
  type JobEntry,
  type RevisionEntry,
  StartJobCommand,
  UpdateRevisionCommand,
} from '@aws-sdk/client-dataexchange';
import {
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeEntityCommand,
  ResourceInUseException,
  StartChangeSetCommand,
} from '@aws-sdk/client-marketplace-catalog';

import { pollUntil, retryWhile, type PollOptions } from '../runs/backoff.util';

import type { ExchangeClients } from './exchange-clients';

const CATALOG = 'AWSMarketplace';
const CHANGE_SET_RUNNING = new Set(['PREPARING', 'APPLYING']);

export interface OwnedDataSet {
  readonly id: string;
  readonly arn: string;
}

export interface ProductEntity {
  readonly entityIdentifier: string;
  readonly entityType: string;
  readonly dataSetArns: readonly string[];
}

/**
 * The Data Exchange and Catalog calls the publisher makes, each answering the question a
 * step needs ("is there already a revision for this run?") so the steps stay idempotent.
 */
export class ExchangeGateway {
  /** The SDK's paginators follow NextToken; 200 is the largest page Data Exchange serves. */
  private readonly pages;

  constructor(private readonly clients: ExchangeClients) {
    this.pages = { client: clients.dataExchange, pageSize: 200 };
  }

  async findOwnedDataSet(name: string): Promise<OwnedDataSet | undefined> {
    for await (const page of paginateListDataSets(this.pages, { Origin: 'OWNED' })) {
      const found = page.DataSets?.find((d) => d.Name === name);
      if (found?.Id && found.Arn) return { id: found.Id, arn: found.Arn };
    }
    return undefined;
  }

  async createDataSet(name: string, description: string): Promise<OwnedDataSet> {
    const created = await this.clients.dataExchange.send(
      new CreateDataSetCommand({ AssetType: 'S3_SNAPSHOT', Name: name, Description: description }),
    );
    return {
      id: required(created.Id, 'CreateDataSet Id'),
      arn: required(created.Arn, 'CreateDataSet Arn'),
    };
  }

  async describeProduct(productId: string): Promise<ProductEntity> {
    const entity = await this.clients.catalog.send(
      new DescribeEntityCommand({ Catalog: CATALOG, EntityId: productId }),
    );
    const details = entity.Details
      ? (JSON.parse(entity.Details) as { DataSets?: { DataSetArn?: string }[] })
      : {};
    return {
      entityIdentifier: required(entity.EntityIdentifier, 'DescribeEntity EntityIdentifier'),
      entityType: entity.EntityType ?? 'DataProduct@1.0',
      dataSetArns: (details.DataSets ?? []).flatMap((d) => (d.DataSetArn ? [d.DataSetArn] : [])),
    };
  }

  /**
   * StartChangeSet with one change; the token makes a repeated call return the same change set.
   * Retried with back-off while the product is busy with another change set (ResourceInUse).
   */
  startChangeSet(
    request: {
      product: ProductEntity;
      changeType: 'AddDataSets' | 'AddRevisions';
      details: unknown;
      name: string;
      clientRequestToken: string;
    },
    poll: PollOptions,
  ): Promise<{ id: string; arn: string }> {
    return retryWhile(
      () => this.startChangeSetOnce(request),
      (error) => error instanceof ResourceInUseException,
      poll,
    );
  }

  private async startChangeSetOnce(request: {
    product: ProductEntity;
    changeType: 'AddDataSets' | 'AddRevisions';
    details: unknown;
    name: string;
    clientRequestToken: string;
  }): Promise<{ id: string; arn: string }> {
    const started = await this.clients.catalog.send(
      new StartChangeSetCommand({
        Catalog: CATALOG,
        ChangeSetName: request.name.slice(0, 100),
        ClientRequestToken: request.clientRequestToken,
        ChangeSet: [
          {
            ChangeType: request.changeType,
            Entity: {
              Type: request.product.entityType,
              Identifier: request.product.entityIdentifier,
            },
            Details: JSON.stringify(request.details),
          },
        ],
      }),
    );
    return {
      id: required(started.ChangeSetId, 'ChangeSetId'),
      arn: required(started.ChangeSetArn, 'ChangeSetArn'),
    };
  }

  /** DescribeChangeSet with back-off until the change set is no longer PREPARING or APPLYING. */
  awaitChangeSet(changeSetId: string, poll: PollOptions): Promise<DescribeChangeSetCommandOutput> {
    return pollUntil(
      `change set ${changeSetId}`,
      async () => {
        const described = await this.clients.catalog.send(
          new DescribeChangeSetCommand({ Catalog: CATALOG, ChangeSetId: changeSetId }),
        );
        const state = described.Status ?? 'UNKNOWN';
        return { done: !CHANGE_SET_RUNNING.has(state), value: described, state };
      },
      poll,
    );
  }

  async findRevision(dataSetId: string, commentMarker: string): Promise<RevisionEntry | undefined> {
    for await (const page of paginateListDataSetRevisions(this.pages, { DataSetId: dataSetId })) {
      const found = page.Revisions?.find((r) => r.Comment?.includes(commentMarker));
      if (found) return found;
    }
    return undefined;
  }

  async createRevision(dataSetId: string, comment: string): Promise<RevisionEntry> {
    const created = await this.clients.dataExchange.send(
      new CreateRevisionCommand({ DataSetId: dataSetId, Comment: comment }),
    );
    return created as RevisionEntry;
  }

  getRevision(dataSetId: string, revisionId: string) {
    return this.clients.dataExchange.send(
      new GetRevisionCommand({ DataSetId: dataSetId, RevisionId: revisionId }),
    );
  }

  finalizeRevision(dataSetId: string, revisionId: string) {
    return this.clients.dataExchange.send(
      new UpdateRevisionCommand({ DataSetId: dataSetId, RevisionId: revisionId, Finalized: true }),
    );
  }

  async listJobs(dataSetId: string, revisionId: string): Promise<JobEntry[]> {
    const jobs: JobEntry[] = [];
    const request = { DataSetId: dataSetId, RevisionId: revisionId };
    for await (const page of paginateListJobs(this.pages, request)) jobs.push(...(page.Jobs ?? []));
    return jobs;
  }

  async createImportJob(
    dataSetId: string,
    revisionId: string,
    sources: readonly { bucket: string; key: string }[],
  ): Promise<{ id: string; arn: string }> {
    const job = await this.clients.dataExchange.send(
      new CreateJobCommand({
        Type: 'IMPORT_ASSETS_FROM_S3',
        Details: {
          ImportAssetsFromS3: {
            DataSetId: dataSetId,
            RevisionId: revisionId,
            AssetSources: sources.map((s) => ({ Bucket: s.bucket, Key: s.key })),
          },
        },
      }),
    );
    return { id: required(job.Id, 'CreateJob Id'), arn: required(job.Arn, 'CreateJob Arn') };
  }

  async startJob(jobId: string): Promise<void> {
    await this.clients.dataExchange.send(new StartJobCommand({ JobId: jobId }));
  }

  getJob(jobId: string): Promise<GetJobCommandOutput> {
    return this.clients.dataExchange.send(new GetJobCommand({ JobId: jobId }));
  }

  async listAssets(dataSetId: string, revisionId: string): Promise<AssetEntry[]> {
    const assets: AssetEntry[] = [];
    const request = { DataSetId: dataSetId, RevisionId: revisionId };
    for await (const page of paginateListRevisionAssets(this.pages, request))
      assets.push(...(page.Assets ?? []));
    return assets;
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null)
    throw new Error(`The exchange answered without ${what}`);
  return value;
}
