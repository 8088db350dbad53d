// The exchange-local the stack runs, used only through the settings `stack env` prints and
// the unmodified AWS SDK clients: the provider publishes a data set to the stack's product
// with an AddDataSets change set, and the subscriber receives it.
import { randomUUID } from 'node:crypto';

import {
  CreateDataSetCommand,
  CreateJobCommand,
  CreateRevisionCommand,
  DataExchangeClient,
  GetJobCommand,
  type GetJobCommandOutput,
  ListDataSetRevisionsCommand,
  ListDataSetsCommand,
  ListRevisionAssetsCommand,
  StartJobCommand,
  UpdateRevisionCommand,
  type DataSetEntry,
} from '@aws-sdk/client-dataexchange';
import {
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeEntityCommand,
  MarketplaceCatalogClient,
  ResourceInUseException,
  StartChangeSetCommand,
} from '@aws-sdk/client-marketplace-catalog';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

import { requireEnv } from './support/integration-env.util';

jest.setTimeout(120_000);

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const result = await attempt();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('exchange-local in the stack, through the AWS SDK clients', () => {
  const runId = randomUUID().slice(0, 8);
  const bucket = `stack-exchange-${runId}`;
  const dataSetName = `stack-exchange-${runId}`;
  const productId = requireEnv('EXCHANGE_PRODUCT_ID');
  const aws = (accessKeyId: string, secretAccessKey: string) => ({
    endpoint: requireEnv('EXCHANGE_ENDPOINT'),
    region: requireEnv('EXCHANGE_REGION'),
    credentials: {
      accessKeyId: requireEnv(accessKeyId),
      secretAccessKey: requireEnv(secretAccessKey),
    },
  });
  const provider = new DataExchangeClient(
    aws('EXCHANGE_PROVIDER_ACCESS_KEY_ID', 'EXCHANGE_PROVIDER_SECRET_ACCESS_KEY'),
  );
  const catalog = new MarketplaceCatalogClient(
    aws('EXCHANGE_PROVIDER_ACCESS_KEY_ID', 'EXCHANGE_PROVIDER_SECRET_ACCESS_KEY'),
  );
  const subscriber = new DataExchangeClient(
    aws('EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID', 'EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY'),
  );
  const s3 = new S3Client({
    endpoint: requireEnv('S3_ENDPOINT'),
    region: process.env.S3_REGION ?? 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: requireEnv('S3_ACCESS_KEY_ID'),
      secretAccessKey: requireEnv('S3_SECRET_ACCESS_KEY'),
    },
  });
  const trades = `ts,price,size\n${Date.now()},101.25,0.5\n`;

  const finishedJob = (client: DataExchangeClient, jobId: string) =>
    eventually<GetJobCommandOutput>(`job ${jobId}`, async () => {
      const job = await client.send(new GetJobCommand({ JobId: jobId }));
      return job.State === 'WAITING' || job.State === 'IN_PROGRESS' ? undefined : job;
    });

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'source/trades.csv', Body: trades }));
  });

  afterAll(async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const objects = (listed.Contents ?? []).map(({ Key }) => ({ Key }));
    if (objects.length > 0) {
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    for (const client of [provider, catalog, subscriber, s3]) client.destroy();
  });

  let dataSetArn: string;

  it('lets the provider create a data set, import from the stack S3 and finalize a revision', async () => {
    const dataSet = await provider.send(
      new CreateDataSetCommand({
        AssetType: 'S3_SNAPSHOT',
        Name: dataSetName,
        Description: 'published by the stack integration test',
      }),
    );
    expect(dataSet.Origin).toBe('OWNED');
    dataSetArn = dataSet.Arn as string;
    const revision = await provider.send(
      new CreateRevisionCommand({ DataSetId: dataSet.Id, Comment: runId }),
    );
    const job = await provider.send(
      new CreateJobCommand({
        Type: 'IMPORT_ASSETS_FROM_S3',
        Details: {
          ImportAssetsFromS3: {
            DataSetId: dataSet.Id,
            RevisionId: revision.Id,
            AssetSources: [{ Bucket: bucket, Key: 'source/trades.csv' }],
          },
        },
      }),
    );
    await provider.send(new StartJobCommand({ JobId: job.Id }));
    const done = await finishedJob(provider, job.Id as string);
    expect({ state: done.State, errors: done.Errors ?? [] }).toEqual({
      state: 'COMPLETED',
      errors: [],
    });
    const assets = await provider.send(
      new ListRevisionAssetsCommand({ DataSetId: dataSet.Id, RevisionId: revision.Id }),
    );
    expect(
      assets.Assets?.map((asset) => [asset.Name, asset.AssetDetails?.S3SnapshotAsset?.Size]),
    ).toEqual([['source/trades.csv', Buffer.byteLength(trades)]]);
    const finalized = await provider.send(
      new UpdateRevisionCommand({
        DataSetId: dataSet.Id,
        RevisionId: revision.Id,
        Finalized: true,
      }),
    );
    expect(finalized.Finalized).toBe(true);
  });

  it('lets the provider describe the stack product and add its data set with AddDataSets', async () => {
    const entity = await catalog.send(
      new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: productId }),
    );
    expect(entity.EntityType).toBe('DataProduct@1.0');
    const start = () =>
      catalog.send(
        new StartChangeSetCommand({
          Catalog: 'AWSMarketplace',
          ChangeSetName: `stack-test-${runId}`,
          ClientRequestToken: `stack-test-${runId}`,
          ChangeSet: [
            {
              ChangeType: 'AddDataSets',
              Entity: { Type: 'DataProduct@1.0', Identifier: entity.EntityIdentifier },
              Details: JSON.stringify({ DataSets: [{ Arn: dataSetArn }] }),
            },
          ],
        }),
      );
    // Others share this product (one change set at a time per product): wait our turn.
    const started = await eventually('the product to be free for a change set', () =>
      start().catch((error: unknown) => {
        if (error instanceof ResourceInUseException) return undefined;
        throw error;
      }),
    );
    const finished = await eventually<DescribeChangeSetCommandOutput>(
      'the change set',
      async () => {
        const changeSet = await catalog.send(
          new DescribeChangeSetCommand({
            Catalog: 'AWSMarketplace',
            ChangeSetId: started.ChangeSetId,
          }),
        );
        return ['PREPARING', 'APPLYING'].includes(changeSet.Status ?? '') ? undefined : changeSet;
      },
    );
    expect({
      status: finished.Status,
      errors: finished.ChangeSet?.flatMap((change) => change.ErrorDetailList ?? []),
    }).toEqual({ status: 'SUCCEEDED', errors: [] });

    const after = await catalog.send(
      new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: productId }),
    );
    const details = JSON.parse(after.Details as string) as { DataSets: { DataSetArn: string }[] };
    expect(details.DataSets.map((d) => d.DataSetArn)).toContain(dataSetArn);
  });

  it('shows the subscriber the entitled copy with the published revision and its bytes', async () => {
    const entitled: DataSetEntry[] = [];
    let NextToken: string | undefined;
    do {
      const page = await subscriber.send(
        new ListDataSetsCommand({ Origin: 'ENTITLED', NextToken }),
      );
      entitled.push(...(page.DataSets ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    const ours = entitled.filter((dataSet) => dataSet.Name === dataSetName);
    expect(ours).toHaveLength(1);
    const [copy] = ours;
    expect(copy).toMatchObject({ Origin: 'ENTITLED', OriginDetails: { ProductId: productId } });
    expect(copy.Arn).not.toBe(dataSetArn);

    const revisions = await subscriber.send(
      new ListDataSetRevisionsCommand({ DataSetId: copy.Id }),
    );
    expect(revisions.Revisions?.map((r) => [r.Comment, r.Finalized])).toEqual([[runId, true]]);
    const revisionId = revisions.Revisions?.[0]?.Id as string;

    const exportJob = await subscriber.send(
      new CreateJobCommand({
        Type: 'EXPORT_REVISIONS_TO_S3',
        Details: {
          ExportRevisionsToS3: {
            DataSetId: copy.Id,
            RevisionDestinations: [
              { Bucket: bucket, RevisionId: revisionId, KeyPattern: 'received/${Asset.Name}' },
            ],
          },
        },
      }),
    );
    await subscriber.send(new StartJobCommand({ JobId: exportJob.Id }));
    expect((await finishedJob(subscriber, exportJob.Id as string)).State).toBe('COMPLETED');
    const received = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'received/source/trades.csv' }),
    );
    expect(await received.Body?.transformToString()).toBe(trades);
  });
});
