import {
  AccessDeniedException,
  ConflictException,
  CreateJobCommand,
  CreateRevisionCommand,
  DeleteDataSetCommand,
  GetDataSetCommand,
  GetJobCommand,
  GetRevisionCommand,
  ListDataSetRevisionsCommand,
  ListDataSetsCommand,
  ListJobsCommand,
  ListRevisionAssetsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  RevokeRevisionCommand,
  TagResourceCommand,
  UpdateDataSetCommand,
} from '@aws-sdk/client-dataexchange';
import { DescribeEntityCommand, ListEntitiesCommand } from '@aws-sdk/client-marketplace-catalog';

import { type Harness, startHarness } from './support/exchange-harness.util';
import { applyChange, createDataSet, revisionWithFiles } from './support/flows.util';
import { OUTSIDER, SUBSCRIBER } from './support/test-accounts.fixture';

jest.setTimeout(120_000);

const nameOf = (error: unknown) => (error as { name?: string }).name;

describe('subscriber isolation', () => {
  let harness: Harness;
  let owned: { id: string; arn: string };
  let published: { id: string; arn: string };
  let draft: { id: string; arn: string };
  let entitledId: string;
  let providerJobId: string;

  beforeAll(async () => {
    harness = await startHarness();
    const provider = harness.dataExchange();
    owned = await createDataSet(provider, 'Published data');
    published = await revisionWithFiles(harness, provider, owned.id, { 'pub.csv': 'public' });
    const result = await applyChange(harness.catalog(), harness.productId, 'AddDataSets', {
      DataSets: [{ Arn: owned.arn }],
    });
    expect(result.Status).toBe('SUCCEEDED');
    draft = await revisionWithFiles(
      harness,
      provider,
      owned.id,
      { 'draft.csv': 'secret' },
      { finalize: false },
    );
    const jobs = await provider.send(new ListJobsCommand({ DataSetId: owned.id }));
    providerJobId = jobs.Jobs?.[0]?.Id as string;
    const entitled = await harness.dataExchange(SUBSCRIBER).send(new ListDataSetsCommand({}));
    entitledId = entitled.DataSets?.[0]?.Id as string;
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  it('shows the subscriber only its entitled copy and only published revisions', async () => {
    const subscriber = harness.dataExchange(SUBSCRIBER);
    const all = await subscriber.send(new ListDataSetsCommand({}));
    expect(all.DataSets?.map((dataSet) => [dataSet.Origin, dataSet.Name])).toEqual([
      ['ENTITLED', 'Published data'],
    ]);
    expect((await subscriber.send(new ListDataSetsCommand({ Origin: 'OWNED' }))).DataSets).toEqual(
      [],
    );
    const revisions = await subscriber.send(
      new ListDataSetRevisionsCommand({ DataSetId: entitledId }),
    );
    expect(revisions.Revisions).toHaveLength(1);
    const assets = await subscriber.send(
      new ListRevisionAssetsCommand({
        DataSetId: entitledId,
        RevisionId: revisions.Revisions?.[0]?.Id,
      }),
    );
    expect(assets.Assets?.map((asset) => asset.Name)).toEqual(['pub.csv']);
  });

  it("cannot get, list, export or tag the provider's own resources", async () => {
    const subscriber = harness.dataExchange(SUBSCRIBER);
    const attempts = await Promise.all([
      subscriber.send(new GetDataSetCommand({ DataSetId: owned.id })).catch(nameOf),
      subscriber.send(new ListDataSetRevisionsCommand({ DataSetId: owned.id })).catch(nameOf),
      subscriber
        .send(new GetRevisionCommand({ DataSetId: owned.id, RevisionId: draft.id }))
        .catch(nameOf),
      subscriber
        .send(new GetRevisionCommand({ DataSetId: entitledId, RevisionId: draft.id }))
        .catch(nameOf),
      subscriber
        .send(new ListRevisionAssetsCommand({ DataSetId: owned.id, RevisionId: published.id }))
        .catch(nameOf),
      subscriber
        .send(
          new CreateJobCommand({
            Type: 'EXPORT_REVISIONS_TO_S3',
            Details: {
              ExportRevisionsToS3: {
                DataSetId: owned.id,
                RevisionDestinations: [{ Bucket: harness.destinationBucket, RevisionId: draft.id }],
              },
            },
          }),
        )
        .catch(nameOf),
      subscriber
        .send(new TagResourceCommand({ ResourceArn: owned.arn, Tags: { stolen: 'yes' } }))
        .catch(nameOf),
      subscriber.send(new ListTagsForResourceCommand({ ResourceArn: draft.arn })).catch(nameOf),
      subscriber.send(new GetJobCommand({ JobId: providerJobId })).catch(nameOf),
    ]);
    expect(attempts).toEqual(Array(attempts.length).fill('ResourceNotFoundException'));
    expect(await harness.listDestination()).toEqual([]);
  });

  it('cannot change an entitled data set (AccessDeniedException)', async () => {
    const subscriber = harness.dataExchange(SUBSCRIBER);
    const create = await subscriber
      .send(new CreateRevisionCommand({ DataSetId: entitledId }))
      .catch((e: unknown) => e);
    expect(create).toBeInstanceOf(AccessDeniedException);
    expect(create).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    const update = await subscriber
      .send(new UpdateDataSetCommand({ DataSetId: entitledId, Name: 'x' }))
      .catch(nameOf);
    const remove = await subscriber
      .send(new DeleteDataSetCommand({ DataSetId: entitledId }))
      .catch(nameOf);
    expect([update, remove]).toEqual(['AccessDeniedException', 'AccessDeniedException']);
  });

  it('lets the subscriber tag its entitled copy (ARN without account)', async () => {
    const subscriber = harness.dataExchange(SUBSCRIBER);
    const entitledArn = `arn:aws:dataexchange:us-east-1::data-sets/${entitledId}`;
    await subscriber.send(
      new TagResourceCommand({ ResourceArn: entitledArn, Tags: { team: 'quant' } }),
    );
    expect(
      (await subscriber.send(new ListTagsForResourceCommand({ ResourceArn: entitledArn }))).Tags,
    ).toEqual({
      team: 'quant',
    });
    expect((await subscriber.send(new GetDataSetCommand({ DataSetId: entitledId }))).Tags).toEqual({
      team: 'quant',
    });
  });

  it('shows nothing at all to an account without subscriptions', async () => {
    const outsider = harness.dataExchange(OUTSIDER);
    expect((await outsider.send(new ListDataSetsCommand({}))).DataSets).toEqual([]);
    const entitled = await outsider
      .send(new GetDataSetCommand({ DataSetId: entitledId }))
      .catch((e: unknown) => e);
    expect(entitled).toBeInstanceOf(ResourceNotFoundException);
    const shared = await harness.catalog(OUTSIDER).send(
      new ListEntitiesCommand({
        Catalog: 'AWSMarketplace',
        EntityType: 'DataProduct',
        OwnershipType: 'SHARED',
      }),
    );
    expect(shared.EntitySummaryList).toEqual([]);
    const subscribed = await harness.catalog(SUBSCRIBER).send(
      new ListEntitiesCommand({
        Catalog: 'AWSMarketplace',
        EntityType: 'DataProduct',
        OwnershipType: 'SHARED',
      }),
    );
    expect(subscribed.EntitySummaryList?.map((entity) => entity.EntityId)).toEqual([
      harness.productId,
    ]);
    const describe = await harness
      .catalog(SUBSCRIBER)
      .send(new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: harness.productId }))
      .catch(nameOf);
    expect(describe).toBe('ResourceNotFoundException');
  });

  it('revokes a published revision for subscribers, who can no longer export it', async () => {
    const provider = harness.dataExchange();
    const revoked = await provider.send(
      new RevokeRevisionCommand({
        DataSetId: owned.id,
        RevisionId: published.id,
        RevocationComment: 'Wrong prices',
      }),
    );
    expect(revoked).toMatchObject({ Revoked: true, RevocationComment: 'Wrong prices' });
    expect(revoked.RevokedAt).toBeInstanceOf(Date);
    const subscriber = harness.dataExchange(SUBSCRIBER);
    const [copy] =
      (await subscriber.send(new ListDataSetRevisionsCommand({ DataSetId: entitledId })))
        .Revisions ?? [];
    expect(copy).toMatchObject({ Revoked: true, RevocationComment: 'Wrong prices' });
    const exportAttempt = await subscriber
      .send(
        new CreateJobCommand({
          Type: 'EXPORT_REVISIONS_TO_S3',
          Details: {
            ExportRevisionsToS3: {
              DataSetId: entitledId,
              RevisionDestinations: [{ Bucket: harness.destinationBucket, RevisionId: copy?.Id }],
            },
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(exportAttempt).toBeInstanceOf(ConflictException);
    const again = await provider
      .send(
        new RevokeRevisionCommand({
          DataSetId: owned.id,
          RevisionId: published.id,
          RevocationComment: 'Wrong prices',
        }),
      )
      .catch(nameOf);
    expect(again).toBe('ConflictException');
  });
});
