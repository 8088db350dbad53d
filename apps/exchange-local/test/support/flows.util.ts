import {
  CreateDataSetCommand,
  CreateJobCommand,
  CreateRevisionCommand,
  type DataExchangeClient,
  GetJobCommand,
  type GetJobCommandOutput,
  StartJobCommand,
  UpdateRevisionCommand,
} from '@aws-sdk/client-dataexchange';
import {
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  type MarketplaceCatalogClient,
  StartChangeSetCommand,
} from '@aws-sdk/client-marketplace-catalog';

import { eventually, type Harness } from './exchange-harness.util';

/** Polls GetJob until the job leaves WAITING / IN_PROGRESS, as the AWS samples do. */
export async function finishedJob(
  client: DataExchangeClient,
  jobId: string,
): Promise<GetJobCommandOutput> {
  return eventually(async () => {
    const job = await client.send(new GetJobCommand({ JobId: jobId }));
    return job.State === 'WAITING' || job.State === 'IN_PROGRESS' ? undefined : job;
  });
}

export async function finishedChangeSet(
  client: MarketplaceCatalogClient,
  changeSetId: string,
): Promise<DescribeChangeSetCommandOutput> {
  return eventually(async () => {
    const changeSet = await client.send(
      new DescribeChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: changeSetId }),
    );
    return changeSet.Status === 'PREPARING' || changeSet.Status === 'APPLYING'
      ? undefined
      : changeSet;
  });
}

export async function createDataSet(client: DataExchangeClient, name: string) {
  const dataSet = await client.send(
    new CreateDataSetCommand({
      AssetType: 'S3_SNAPSHOT',
      Name: name,
      Description: `${name} (test)`,
    }),
  );
  return { id: dataSet.Id as string, arn: dataSet.Arn as string };
}

/** Creates a revision holding the given files (imported from the source bucket). */
export async function revisionWithFiles(
  harness: Harness,
  client: DataExchangeClient,
  dataSetId: string,
  files: Record<string, string>,
  options: { finalize?: boolean; comment?: string } = {},
) {
  const revision = await client.send(
    new CreateRevisionCommand({ DataSetId: dataSetId, Comment: options.comment }),
  );
  for (const [key, body] of Object.entries(files)) await harness.putSource(key, body);
  const job = await client.send(
    new CreateJobCommand({
      Type: 'IMPORT_ASSETS_FROM_S3',
      Details: {
        ImportAssetsFromS3: {
          DataSetId: dataSetId,
          RevisionId: revision.Id,
          AssetSources: Object.keys(files).map((Key) => ({ Bucket: harness.sourceBucket, Key })),
        },
      },
    }),
  );
  await client.send(new StartJobCommand({ JobId: job.Id }));
  const finished = await finishedJob(client, job.Id as string);
  if (finished.State !== 'COMPLETED')
    throw new Error(`Import ended ${finished.State}: ${JSON.stringify(finished.Errors)}`);
  if (options.finalize !== false) {
    await client.send(
      new UpdateRevisionCommand({ DataSetId: dataSetId, RevisionId: revision.Id, Finalized: true }),
    );
  }
  return { id: revision.Id as string, arn: revision.Arn as string };
}

export async function applyChange(
  catalog: MarketplaceCatalogClient,
  productId: string,
  changeType: 'AddDataSets' | 'AddRevisions',
  details: unknown,
): Promise<DescribeChangeSetCommandOutput> {
  const started = await catalog.send(
    new StartChangeSetCommand({
      Catalog: 'AWSMarketplace',
      ChangeSet: [
        {
          ChangeType: changeType,
          Entity: { Type: 'DataProduct@1.0', Identifier: productId },
          Details: JSON.stringify(details),
        },
      ],
    }),
  );
  return finishedChangeSet(catalog, started.ChangeSetId as string);
}
