import {
  CreateEventActionCommand,
  CreateJobCommand,
  GetEventActionCommand,
  ListDataSetRevisionsCommand,
  ListDataSetsCommand,
  ListJobsCommand,
  ListRevisionAssetsCommand,
  StartJobCommand,
} from '@aws-sdk/client-dataexchange';
import { DescribeEntityCommand } from '@aws-sdk/client-marketplace-catalog';

import { eventually, type Harness, startHarness } from './support/exchange-harness.util';
import { applyChange, createDataSet, finishedJob, revisionWithFiles } from './support/flows.util';
import { SUBSCRIBER } from './support/test-accounts.fixture';

jest.setTimeout(120_000);

describe('provider publishes through the Catalog, subscriber exports (AWS SDK clients)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ autoPublish: true });
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  it('runs the whole flow and lands the bytes in the subscriber bucket', async () => {
    const provider = harness.dataExchange();
    const catalog = harness.catalog();
    const subscriber = harness.dataExchange(SUBSCRIBER);

    const dataSet = await createDataSet(provider, 'Binance trades');
    const first = await revisionWithFiles(
      harness,
      provider,
      dataSet.id,
      { 'day1/trades.csv': 'p,q\n1,2\n' },
      { comment: 'day 1' },
    );

    // The product has no data sets yet; AddDataSets publishes the data set and its finalized revision.
    const before = await catalog.send(
      new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: harness.productId }),
    );
    expect(before.EntityType).toBe('DataProduct@1.0');
    expect(JSON.parse(before.Details as string).DataSets).toEqual([]);
    const added = await applyChange(catalog, before.EntityIdentifier as string, 'AddDataSets', {
      DataSets: [{ Arn: dataSet.arn }],
    });
    expect(added).toMatchObject({ Status: 'SUCCEEDED', Intent: 'APPLY' });

    const after = await catalog.send(
      new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: harness.productId }),
    );
    const details = JSON.parse(after.Details as string) as {
      DataSets: { DataSetArn: string; LastRevisionAddedDate?: string }[];
    };
    expect(details.DataSets.map((entry) => entry.DataSetArn)).toEqual([dataSet.arn]);
    expect(details.DataSets[0]?.LastRevisionAddedDate).toEqual(expect.any(String));
    expect(after.EntityIdentifier).toBe(`${harness.productId}@2`);

    // The subscriber sees an entitled copy (its own id, ARN without account) with the published revision.
    const entitled = await subscriber.send(new ListDataSetsCommand({ Origin: 'ENTITLED' }));
    expect(entitled.DataSets).toHaveLength(1);
    const copy = entitled.DataSets?.[0];
    expect(copy).toMatchObject({
      Origin: 'ENTITLED',
      Name: 'Binance trades',
      OriginDetails: { ProductId: harness.productId },
    });
    expect(copy?.Id).not.toBe(dataSet.id);
    expect(copy?.Arn).toBe(`arn:aws:dataexchange:us-east-1::data-sets/${copy?.Id}`);
    expect(copy).not.toHaveProperty('SourceId');
    const copyId = copy?.Id as string;
    const revisions = await subscriber.send(new ListDataSetRevisionsCommand({ DataSetId: copyId }));
    expect(revisions.Revisions?.map((revision) => [revision.Comment, revision.Finalized])).toEqual([
      ['day 1', true],
    ]);
    expect(revisions.Revisions?.[0]?.Id).not.toBe(first.id);

    // Auto-export: an event action on the entitled data set exports each newly published revision.
    const action = await subscriber.send(
      new CreateEventActionCommand({
        Event: { RevisionPublished: { DataSetId: copyId } },
        Action: {
          ExportRevisionToS3: {
            RevisionDestination: {
              Bucket: harness.destinationBucket,
              KeyPattern: 'auto/${Revision.Id}/${Asset.Name}',
            },
          },
        },
      }),
    );
    const defaults = await subscriber.send(
      new CreateEventActionCommand({
        Event: { RevisionPublished: { DataSetId: copyId } },
        Action: {
          ExportRevisionToS3: { RevisionDestination: { Bucket: harness.destinationBucket } },
        },
      }),
    );
    const fetched = await subscriber.send(
      new GetEventActionCommand({ EventActionId: defaults.Id }),
    );
    expect(fetched.Action?.ExportRevisionToS3?.RevisionDestination?.KeyPattern).toBe(
      '${Revision.CreatedAt}/${Asset.Name}',
    );

    // Finalizing publishes at once (automatic publishing), which starts both auto-exports.
    await revisionWithFiles(
      harness,
      provider,
      dataSet.id,
      { 'day2/trades.csv': 'p,q\n3,4\n' },
      { comment: 'day 2' },
    );
    const latest = await eventually(async () => {
      const listed = await subscriber.send(new ListDataSetRevisionsCommand({ DataSetId: copyId }));
      return listed.Revisions?.length === 2 ? listed.Revisions[0] : undefined;
    });
    expect(latest?.Comment).toBe('day 2');
    const autoJobs = await eventually(async () => {
      const jobs = await subscriber.send(new ListJobsCommand({ DataSetId: copyId }));
      const finished = (jobs.Jobs ?? []).filter(
        (job) => job.State === 'COMPLETED' || job.State === 'ERROR',
      );
      return finished.length === 2 ? finished : undefined;
    });
    expect(autoJobs.map((job) => job.State)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(autoJobs.map((job) => job.Details?.ExportRevisionsToS3?.EventActionArn).sort()).toEqual(
      [action.Arn, defaults.Arn].sort(),
    );
    expect(await harness.readDestination(`auto/${latest?.Id}/day2/trades.csv`)).toBe('p,q\n3,4\n');
    const dated = (await harness.listDestination()).filter(
      (key) => key.endsWith('/day2/trades.csv') && !key.startsWith('auto/'),
    );
    expect(dated).toEqual([`${latest?.CreatedAt?.toISOString()}/day2/trades.csv`]);

    // An explicit export of the first entitled revision with a key pattern.
    const firstEntitled = revisions.Revisions?.[0]?.Id as string;
    const assets = await subscriber.send(
      new ListRevisionAssetsCommand({ DataSetId: copyId, RevisionId: firstEntitled }),
    );
    const exportJob = await subscriber.send(
      new CreateJobCommand({
        Type: 'EXPORT_REVISIONS_TO_S3',
        Details: {
          ExportRevisionsToS3: {
            DataSetId: copyId,
            RevisionDestinations: [
              {
                Bucket: harness.destinationBucket,
                RevisionId: firstEntitled,
                KeyPattern: 'manual/${DataSet.Name}/${Revision.CreatedAt.Year}/${Asset.Id}',
              },
            ],
          },
        },
      }),
    );
    await subscriber.send(new StartJobCommand({ JobId: exportJob.Id }));
    expect((await finishedJob(subscriber, exportJob.Id as string)).State).toBe('COMPLETED');
    const year = revisions.Revisions?.[0]?.CreatedAt?.getUTCFullYear();
    const assetId = assets.Assets?.[0]?.Id as string;
    expect(await harness.readDestination(`manual/Binance trades/${year}/${assetId}`)).toBe(
      'p,q\n1,2\n',
    );
  });
});
