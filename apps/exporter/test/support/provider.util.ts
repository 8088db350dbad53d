import { randomUUID } from 'node:crypto';

import {
  CreateDataSetCommand,
  CreateJobCommand,
  CreateRevisionCommand,
  DataExchangeClient,
  type DataSetEntry,
  GetJobCommand,
  ListDataSetsCommand,
  StartJobCommand,
  UpdateRevisionCommand,
} from '@aws-sdk/client-dataexchange';
import {
  DescribeChangeSetCommand,
  MarketplaceCatalogClient,
  ResourceInUseException,
  StartChangeSetCommand,
} from '@aws-sdk/client-marketplace-catalog';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { eventually, requireEnv } from '@tickline/testing';

function credentials(role: 'PROVIDER' | 'SUBSCRIBER') {
  return {
    endpoint: requireEnv('EXCHANGE_ENDPOINT'),
    region: requireEnv('EXCHANGE_REGION'),
    credentials: {
      accessKeyId: requireEnv(`EXCHANGE_${role}_ACCESS_KEY_ID`),
      secretAccessKey: requireEnv(`EXCHANGE_${role}_SECRET_ACCESS_KEY`),
    },
  };
}

export function subscriberClient(): DataExchangeClient {
  return new DataExchangeClient(credentials('SUBSCRIBER'));
}

export interface PublishedRevision {
  readonly ownedRevisionId: string;
  /** When UpdateRevision(Finalized) answered: the revision is published from then on. */
  readonly publishedAt: number;
}

/**
 * The provider's side, done by the test itself through the SDK clients as any provider would:
 * a data set on the stack's product (AddDataSets), and revisions imported from the stack's S3
 * and finalized (the product publishes automatically on finalize).
 */
export class TestProvider {
  readonly dataExchange = new DataExchangeClient(credentials('PROVIDER'));
  private readonly catalog = new MarketplaceCatalogClient(credentials('PROVIDER'));
  private readonly subscriber = subscriberClient();

  constructor(
    private readonly s3: S3Client,
    private readonly sourceBucket: string,
  ) {}

  async createDataSet(name: string): Promise<{ id: string; arn: string }> {
    const dataSet = await this.dataExchange.send(
      new CreateDataSetCommand({
        AssetType: 'S3_SNAPSHOT',
        Name: name,
        Description: 'exporter integration test',
      }),
    );
    return { id: dataSet.Id as string, arn: dataSet.Arn as string };
  }

  /** One revision with these objects (key -> body) as assets, finalized. */
  async publishRevision(
    dataSetId: string,
    files: Record<string, string>,
    comment: string,
  ): Promise<PublishedRevision> {
    for (const [key, body] of Object.entries(files)) {
      await this.s3.send(new PutObjectCommand({ Bucket: this.sourceBucket, Key: key, Body: body }));
    }
    const revision = await this.dataExchange.send(
      new CreateRevisionCommand({ DataSetId: dataSetId, Comment: comment }),
    );
    const job = await this.dataExchange.send(
      new CreateJobCommand({
        Type: 'IMPORT_ASSETS_FROM_S3',
        Details: {
          ImportAssetsFromS3: {
            DataSetId: dataSetId,
            RevisionId: revision.Id,
            AssetSources: Object.keys(files).map((Key) => ({ Bucket: this.sourceBucket, Key })),
          },
        },
      }),
    );
    await this.dataExchange.send(new StartJobCommand({ JobId: job.Id }));
    const state = await eventually(`import job ${job.Id}`, async () => {
      const answer = await this.dataExchange.send(new GetJobCommand({ JobId: job.Id }));
      return answer.State === 'WAITING' || answer.State === 'IN_PROGRESS'
        ? undefined
        : answer.State;
    });
    if (state !== 'COMPLETED') throw new Error(`Import job ${job.Id} ended ${state}`);
    await this.dataExchange.send(
      new UpdateRevisionCommand({ DataSetId: dataSetId, RevisionId: revision.Id, Finalized: true }),
    );
    return { ownedRevisionId: revision.Id as string, publishedAt: Date.now() };
  }

  /** AddDataSets to EXCHANGE_PRODUCT_ID (waiting for other change sets on it), then the entitled copy. */
  async addToProduct(dataSet: { arn: string }, name: string): Promise<DataSetEntry> {
    const productId = requireEnv('EXCHANGE_PRODUCT_ID');
    const started = await eventually('the product to be free for a change set', () =>
      this.catalog
        .send(
          new StartChangeSetCommand({
            Catalog: 'AWSMarketplace',
            ChangeSetName: `exporter-test-${name}`,
            ClientRequestToken: randomUUID(),
            ChangeSet: [
              {
                ChangeType: 'AddDataSets',
                Entity: { Type: 'DataProduct@1.0', Identifier: productId },
                Details: JSON.stringify({ DataSets: [{ Arn: dataSet.arn }] }),
              },
            ],
          }),
        )
        .catch((error: unknown) => {
          if (error instanceof ResourceInUseException) return undefined;
          throw error;
        }),
    );
    const status = await eventually('the AddDataSets change set', async () => {
      const answer = await this.catalog.send(
        new DescribeChangeSetCommand({
          Catalog: 'AWSMarketplace',
          ChangeSetId: started.ChangeSetId,
        }),
      );
      return ['PREPARING', 'APPLYING'].includes(answer.Status ?? '') ? undefined : answer.Status;
    });
    if (status !== 'SUCCEEDED') throw new Error(`AddDataSets ended ${status}`);
    return this.entitledCopy(name);
  }

  async entitledCopy(name: string): Promise<DataSetEntry> {
    let NextToken: string | undefined;
    do {
      const page = await this.subscriber.send(
        new ListDataSetsCommand({ Origin: 'ENTITLED', NextToken }),
      );
      const found = page.DataSets?.find((dataSet) => dataSet.Name === name);
      if (found) return found;
      NextToken = page.NextToken;
    } while (NextToken);
    throw new Error(`No entitled copy of ${name}`);
  }

  destroy(): void {
    this.dataExchange.destroy();
    this.catalog.destroy();
    this.subscriber.destroy();
  }
}
