import {
  CancelJobCommand,
  ConflictException,
  CreateDataSetCommand,
  CreateJobCommand,
  CreateRevisionCommand,
  type DataExchangeClient,
  GetDataSetCommand,
  GetJobCommand,
  type GetJobCommandOutput,
  ListDataSetRevisionsCommand,
  ListRevisionAssetsCommand,
  ResourceNotFoundException,
  ServiceLimitExceededException,
  StartJobCommand,
  UpdateRevisionCommand,
} from '@aws-sdk/client-dataexchange';

import { eventually, type Harness, startHarness } from './support/exchange-harness.util';

async function finishedJob(
  client: DataExchangeClient,
  jobId: string,
): Promise<GetJobCommandOutput> {
  return eventually(async () => {
    const job = await client.send(new GetJobCommand({ JobId: jobId }));
    return job.State === 'WAITING' || job.State === 'IN_PROGRESS' ? undefined : job;
  });
}

jest.setTimeout(120_000);

describe('provider flow through the AWS SDK client', () => {
  let harness: Harness;
  let client: DataExchangeClient;

  beforeAll(async () => {
    harness = await startHarness();
    client = harness.dataExchange();
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  async function newRevision() {
    const dataSet = await client.send(
      new CreateDataSetCommand({
        AssetType: 'S3_SNAPSHOT',
        Name: 'Trades',
        Description: 'Daily trades',
      }),
    );
    const revision = await client.send(
      new CreateRevisionCommand({ DataSetId: dataSet.Id, Comment: 'day 1' }),
    );
    return { dataSetId: dataSet.Id as string, revisionId: revision.Id as string };
  }

  async function importKeys(dataSetId: string, revisionId: string, keys: string[]) {
    const job = await client.send(
      new CreateJobCommand({
        Type: 'IMPORT_ASSETS_FROM_S3',
        Details: {
          ImportAssetsFromS3: {
            DataSetId: dataSetId,
            RevisionId: revisionId,
            AssetSources: keys.map((Key) => ({ Bucket: harness.sourceBucket, Key })),
          },
        },
      }),
    );
    expect(job.State).toBe('WAITING');
    await client.send(new StartJobCommand({ JobId: job.Id }));
    return finishedJob(client, job.Id as string);
  }

  it('creates a data set and revision, imports from S3, finalizes and exports with a key pattern', async () => {
    const { dataSetId, revisionId } = await newRevision();
    const fetched = await client.send(new GetDataSetCommand({ DataSetId: dataSetId }));
    expect(fetched).toMatchObject({
      Origin: 'OWNED',
      Name: 'Trades',
      AssetType: 'S3_SNAPSHOT',
      Tags: {},
    });
    expect(fetched.Arn).toBe(`arn:aws:dataexchange:us-east-1:111111111111:data-sets/${dataSetId}`);

    const trades = 'ts,price\n1,100.5\n';
    const manifest = '{"rows":1}';
    await harness.putSource('2024/05/06/trades.csv', trades);
    await harness.putSource('2024/05/06/manifest.json', manifest);
    const job = await importKeys(dataSetId, revisionId, [
      '2024/05/06/trades.csv',
      '2024/05/06/manifest.json',
    ]);
    expect(job.State).toBe('COMPLETED');
    expect(job.Errors ?? []).toEqual([]);

    const assets = await client.send(
      new ListRevisionAssetsCommand({ DataSetId: dataSetId, RevisionId: revisionId }),
    );
    expect(
      assets.Assets?.map((asset) => [asset.Name, asset.AssetDetails?.S3SnapshotAsset?.Size]),
    ).toEqual([
      ['2024/05/06/trades.csv', Buffer.byteLength(trades)],
      ['2024/05/06/manifest.json', Buffer.byteLength(manifest)],
    ]);

    const finalized = await client.send(
      new UpdateRevisionCommand({ DataSetId: dataSetId, RevisionId: revisionId, Finalized: true }),
    );
    expect(finalized.Finalized).toBe(true);

    const exportJob = await client.send(
      new CreateJobCommand({
        Type: 'EXPORT_REVISIONS_TO_S3',
        Details: {
          ExportRevisionsToS3: {
            DataSetId: dataSetId,
            RevisionDestinations: [
              {
                Bucket: harness.destinationBucket,
                RevisionId: revisionId,
                KeyPattern: 'out/${Revision.Id}/${Asset.Name}',
              },
            ],
          },
        },
      }),
    );
    await client.send(new StartJobCommand({ JobId: exportJob.Id }));
    expect((await finishedJob(client, exportJob.Id as string)).State).toBe('COMPLETED');
    expect(await harness.listDestination(`out/${revisionId}/`)).toEqual([
      `out/${revisionId}/2024/05/06/manifest.json`,
      `out/${revisionId}/2024/05/06/trades.csv`,
    ]);
    expect(await harness.readDestination(`out/${revisionId}/2024/05/06/trades.csv`)).toBe(trades);

    const listed = await client.send(new ListDataSetRevisionsCommand({ DataSetId: dataSetId }));
    expect(listed.Revisions?.map((revision) => revision.Id)).toEqual([revisionId]);
  });

  it('refuses to finalize an empty revision and to change a finalized one (ConflictException)', async () => {
    const { dataSetId, revisionId } = await newRevision();
    const empty = await client
      .send(
        new UpdateRevisionCommand({
          DataSetId: dataSetId,
          RevisionId: revisionId,
          Finalized: true,
        }),
      )
      .catch((error: unknown) => error);
    expect(empty).toBeInstanceOf(ConflictException);
    expect(empty).toMatchObject({
      ResourceType: 'REVISION',
      ResourceId: revisionId,
      $metadata: { httpStatusCode: 409 },
    });

    await harness.putSource('one.csv', 'a');
    await importKeys(dataSetId, revisionId, ['one.csv']);
    await client.send(
      new UpdateRevisionCommand({ DataSetId: dataSetId, RevisionId: revisionId, Finalized: true }),
    );
    const edit = await client
      .send(
        new UpdateRevisionCommand({
          DataSetId: dataSetId,
          RevisionId: revisionId,
          Comment: 'changed',
        }),
      )
      .catch((error: unknown) => error);
    expect(edit).toBeInstanceOf(ConflictException);
    const importAfter = await client
      .send(
        new CreateJobCommand({
          Type: 'IMPORT_ASSETS_FROM_S3',
          Details: {
            ImportAssetsFromS3: {
              DataSetId: dataSetId,
              RevisionId: revisionId,
              AssetSources: [{ Bucket: harness.sourceBucket, Key: 'one.csv' }],
            },
          },
        }),
      )
      .catch((error: unknown) => error);
    expect(importAfter).toBeInstanceOf(ConflictException);

    // Un-finalizing an unpublished revision makes it editable again.
    const reopened = await client.send(
      new UpdateRevisionCommand({
        DataSetId: dataSetId,
        RevisionId: revisionId,
        Finalized: false,
        Comment: 'fixed',
      }),
    );
    expect(reopened).toMatchObject({ Finalized: false, Comment: 'fixed' });
  });

  it('ends an import of a missing object in ERROR with a modelled JobError', async () => {
    const { dataSetId, revisionId } = await newRevision();
    const job = await importKeys(dataSetId, revisionId, ['does/not/exist.csv']);
    expect(job.State).toBe('ERROR');
    expect(job.Errors).toEqual([
      expect.objectContaining({
        Code: 'RESOURCE_NOT_FOUND_EXCEPTION',
        Details: {
          ImportAssetsFromS3JobErrorDetails: [
            { Bucket: harness.sourceBucket, Key: 'does/not/exist.csv' },
          ],
        },
      }),
    ]);
    const assets = await client.send(
      new ListRevisionAssetsCommand({ DataSetId: dataSetId, RevisionId: revisionId }),
    );
    expect(assets.Assets).toEqual([]);
  });

  it('allows CancelJob only while WAITING, and enforces the assets-per-import quota', async () => {
    const { dataSetId, revisionId } = await newRevision();
    const details = (keys: string[]) => ({
      ImportAssetsFromS3: {
        DataSetId: dataSetId,
        RevisionId: revisionId,
        AssetSources: keys.map((Key) => ({ Bucket: harness.sourceBucket, Key })),
      },
    });
    const waiting = await client.send(
      new CreateJobCommand({ Type: 'IMPORT_ASSETS_FROM_S3', Details: details(['x']) }),
    );
    await client.send(new CancelJobCommand({ JobId: waiting.Id }));
    expect((await client.send(new GetJobCommand({ JobId: waiting.Id }))).State).toBe('CANCELLED');

    await harness.putSource('started.csv', 'b');
    const started = await client.send(
      new CreateJobCommand({ Type: 'IMPORT_ASSETS_FROM_S3', Details: details(['started.csv']) }),
    );
    await client.send(new StartJobCommand({ JobId: started.Id }));
    const cancelStarted = await client
      .send(new CancelJobCommand({ JobId: started.Id }))
      .catch((e: unknown) => e);
    expect(cancelStarted).toBeInstanceOf(ConflictException);
    expect(cancelStarted).toMatchObject({ ResourceType: 'JOB', ResourceId: started.Id });

    const tooMany = await client
      .send(
        new CreateJobCommand({
          Type: 'IMPORT_ASSETS_FROM_S3',
          Details: details(Array.from({ length: 101 }, (_, i) => `k${i}`)),
        }),
      )
      .catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(ServiceLimitExceededException);
    expect(tooMany).toMatchObject({
      LimitName: 'Assets per import job from Amazon S3',
      LimitValue: 100,
      $metadata: { httpStatusCode: 402 },
    });
  });

  it('answers unknown ids with ResourceNotFoundException naming the resource', async () => {
    const missing = await client
      .send(new GetDataSetCommand({ DataSetId: 'f'.repeat(32) }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing).toMatchObject({ ResourceType: 'DATA_SET', ResourceId: 'f'.repeat(32) });
    const job = await client
      .send(new GetJobCommand({ JobId: 'e'.repeat(32) }))
      .catch((e: unknown) => e);
    expect(job).toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'JOB' });
  });

  it('serves the service kit probes and metrics, unsigned, next to the AWS API', async () => {
    const ready = await fetch(`${harness.endpoint}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const metrics = await (await fetch(`${harness.endpoint}/metrics`)).text();
    expect(metrics).toMatch(
      /jobs_finished_total\{type="IMPORT_ASSETS_FROM_S3",state="COMPLETED"\} [1-9]/,
    );
    expect(metrics).toContain('http_request_duration_seconds');
  });
});
