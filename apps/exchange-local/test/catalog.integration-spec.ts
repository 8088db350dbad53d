import {
  ConflictException,
  CreateEventActionCommand,
  CreateJobCommand,
  CreateRevisionCommand,
  ListRevisionAssetsCommand,
  DeleteDataSetCommand,
  ListDataSetRevisionsCommand,
  ListDataSetsCommand,
  ServiceLimitExceededException,
  StartJobCommand,
  UpdateRevisionCommand,
  ValidationException,
} from '@aws-sdk/client-dataexchange';
import {
  CancelChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeEntityCommand,
  ListChangeSetsCommand,
  ResourceInUseException,
  StartChangeSetCommand,
  ValidationException as CatalogValidationException,
} from '@aws-sdk/client-marketplace-catalog';

import { type Harness, startHarness } from './support/exchange-harness.util';
import {
  applyChange,
  createDataSet,
  finishedChangeSet,
  finishedJob,
  revisionWithFiles,
} from './support/flows.util';
import { SUBSCRIBER } from './support/test-accounts.fixture';

jest.setTimeout(120_000);

const nameOf = (error: unknown) => (error as { name?: string }).name;

/** A product without automatic publishing: revisions reach subscribers through AddRevisions only. */
describe('Marketplace Catalog change sets and publishing errors (legacy product)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ autoPublish: false });
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  it('publishes with AddRevisions only, idempotently, and then freezes the revision', async () => {
    const provider = harness.dataExchange();
    const catalog = harness.catalog();
    const dataSet = await createDataSet(provider, 'Legacy');
    expect(
      (
        await applyChange(catalog, harness.productId, 'AddDataSets', {
          DataSets: [{ Arn: dataSet.arn }],
        })
      ).Status,
    ).toBe('SUCCEEDED');
    const revision = await revisionWithFiles(harness, provider, dataSet.id, { 'l1.csv': 'one' });
    const subscriber = harness.dataExchange(SUBSCRIBER);
    const [entitled] =
      (await subscriber.send(new ListDataSetsCommand({ Origin: 'ENTITLED' }))).DataSets ?? [];
    const before = await subscriber.send(
      new ListDataSetRevisionsCommand({ DataSetId: entitled?.Id }),
    );
    expect(before.Revisions).toEqual([]);

    const entity = await catalog.send(
      new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: harness.productId }),
    );
    const details = { DataSetArn: dataSet.arn, RevisionArns: [revision.arn] };
    const first = await applyChange(
      catalog,
      entity.EntityIdentifier as string,
      'AddRevisions',
      details,
    );
    expect(first).toMatchObject({ Status: 'SUCCEEDED' });
    expect(first.ChangeSet?.[0]).toMatchObject({ ChangeType: 'AddRevisions', ErrorDetailList: [] });
    const again = await applyChange(catalog, harness.productId, 'AddRevisions', details);
    expect(again.Status).toBe('SUCCEEDED');
    const after = await subscriber.send(
      new ListDataSetRevisionsCommand({ DataSetId: entitled?.Id }),
    );
    expect(after.Revisions).toHaveLength(1);

    const unfinalize = await provider
      .send(
        new UpdateRevisionCommand({
          DataSetId: dataSet.id,
          RevisionId: revision.id,
          Finalized: false,
        }),
      )
      .catch((e: unknown) => e);
    expect(unfinalize).toBeInstanceOf(ConflictException);
    const remove = await provider
      .send(new DeleteDataSetCommand({ DataSetId: dataSet.id }))
      .catch((e: unknown) => e);
    expect(remove).toBeInstanceOf(ConflictException);
    expect(remove).toMatchObject({ ResourceType: 'DATA_SET' });
  });

  it('fails change sets with CLIENT_ERROR and the per-change error codes', async () => {
    const provider = harness.dataExchange();
    const catalog = harness.catalog();
    const inProduct = await createDataSet(provider, 'In product');
    const outside = await createDataSet(provider, 'Not in product');
    await applyChange(catalog, harness.productId, 'AddDataSets', {
      DataSets: [{ Arn: inProduct.arn }],
    });
    const unfinalized = await revisionWithFiles(
      harness,
      provider,
      inProduct.id,
      { 'u.csv': 'u' },
      { finalize: false },
    );
    const finalized = await revisionWithFiles(harness, provider, inProduct.id, { 'f.csv': 'f' });
    const missing = `${inProduct.arn}/revisions/${'0'.repeat(32)}`;

    const cases: [unknown, string, string[]][] = [
      [
        { DataSetArn: inProduct.arn, RevisionArns: [unfinalized.arn] },
        'AddRevisions',
        ['REVISION_NOT_FINALIZED'],
      ],
      [
        { DataSetArn: inProduct.arn, RevisionArns: [finalized.arn, finalized.arn] },
        'AddRevisions',
        ['REVISION_DUPLICATE_PROVIDED'],
      ],
      [
        { DataSetArn: inProduct.arn, RevisionArns: [missing] },
        'AddRevisions',
        ['REVISION_NOT_FOUND'],
      ],
      [
        { DataSetArn: outside.arn, RevisionArns: [finalized.arn] },
        'AddRevisions',
        ['DATA_SET_NOT_PUBLISHED'],
      ],
      [
        { DataSetArn: inProduct.arn, RevisionArns: Array(6).fill(finalized.arn) },
        'AddRevisions',
        ['INVALID_INPUT'],
      ],
      [
        {
          DataSetArn: `${inProduct.arn.slice(0, -32)}${'9'.repeat(32)}`,
          RevisionArns: [finalized.arn],
        },
        'AddRevisions',
        ['DATA_SET_NOT_FOUND'],
      ],
      [{ DataSets: [{ Arn: inProduct.arn }] }, 'AddDataSets', ['DATA_SET_ALREADY_PUBLISHED']],
      [
        { DataSets: [{ Arn: outside.arn }, { Arn: outside.arn }] },
        'AddDataSets',
        ['DATA_SET_DUPLICATE_PROVIDED'],
      ],
    ];
    for (const [details, changeType, codes] of cases) {
      const result = await applyChange(
        catalog,
        harness.productId,
        changeType as 'AddDataSets',
        details,
      );
      expect({ changeType, status: result.Status, failureCode: result.FailureCode }).toEqual({
        changeType,
        status: 'FAILED',
        failureCode: 'CLIENT_ERROR',
      });
      expect(result.ChangeSet?.[0]?.ErrorDetailList?.map((error) => error.ErrorCode)).toEqual(
        codes,
      );
    }
    // A failed change set changes nothing: the outside data set is still not in the product.
    const entity = await catalog.send(
      new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: harness.productId }),
    );
    const arns = (
      JSON.parse(entity.Details as string) as { DataSets: { DataSetArn: string }[] }
    ).DataSets.map((d) => d.DataSetArn);
    expect(arns).not.toContain(outside.arn);
  });

  it('answers ResourceInUseException (423) while another change set holds the product', async () => {
    const catalog = harness.catalog();
    await harness.sql(
      `INSERT INTO change_sets (id, account_id, changes, client_request_token, entity_ids, intent, request_hash, status, lease_owner, lease_expires_at, updated_at)
       VALUES ('cs-heldbyanother', '111111111111', '[]', 'held', ARRAY[$1], 'APPLY', 'x', 'APPLYING', 'elsewhere', now() + interval '1 hour', now())`,
      [harness.productId],
    );
    try {
      const busy = await catalog
        .send(
          new StartChangeSetCommand({
            Catalog: 'AWSMarketplace',
            ChangeSet: [
              {
                ChangeType: 'AddDataSets',
                Entity: { Type: 'DataProduct@1.0', Identifier: harness.productId },
                Details: '{"DataSets":[]}',
              },
            ],
          }),
        )
        .catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(ResourceInUseException);
      expect(busy).toMatchObject({ $metadata: { httpStatusCode: 423 } });
      const cancel = await catalog
        .send(
          new CancelChangeSetCommand({
            Catalog: 'AWSMarketplace',
            ChangeSetId: 'cs-heldbyanother',
          }),
        )
        .catch(nameOf);
      expect(cancel).toBe('ResourceInUseException');
    } finally {
      await harness.sql(`DELETE FROM change_sets WHERE id = 'cs-heldbyanother'`);
    }
  });

  it('treats a repeated ClientRequestToken as the same change set, and a reused one as invalid', async () => {
    const catalog = harness.catalog();
    const request = {
      Catalog: 'AWSMarketplace',
      ClientRequestToken: `token-${harness.runId}`,
      Intent: 'VALIDATE' as const,
      ChangeSet: [
        {
          ChangeType: 'AddDataSets',
          Entity: { Type: 'DataProduct@1.0', Identifier: harness.productId },
          Details: '{"DataSets":[]}',
        },
      ],
    };
    const first = await catalog.send(new StartChangeSetCommand(request));
    const second = await catalog.send(new StartChangeSetCommand(request));
    expect(second.ChangeSetId).toBe(first.ChangeSetId);
    const reused = await catalog
      .send(new StartChangeSetCommand({ ...request, ChangeSetName: 'different' }))
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(CatalogValidationException);
    expect(reused).toMatchObject({ $metadata: { httpStatusCode: 422 } });
    const done = await finishedChangeSet(catalog, first.ChangeSetId as string);
    expect(done).toMatchObject({ Status: 'FAILED', Intent: 'VALIDATE' });
    const cancelDone = await catalog
      .send(
        new CancelChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: first.ChangeSetId }),
      )
      .catch(nameOf);
    expect(cancelDone).toBe('ValidationException');
    const listed = await catalog.send(
      new ListChangeSetsCommand({
        Catalog: 'AWSMarketplace',
        FilterList: [{ Name: 'Status', ValueList: ['FAILED'] }],
      }),
    );
    expect(listed.ChangeSetSummaryList?.map((summary) => summary.ChangeSetId)).toContain(
      first.ChangeSetId,
    );
    expect(listed.ChangeSetSummaryList?.every((summary) => summary.Status === 'FAILED')).toBe(true);
  });

  it('answers malformed Catalog requests with ValidationException (422) and unknown ones with 404', async () => {
    const catalog = harness.catalog();
    const badId = await catalog
      .send(new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: 'not valid!' }))
      .catch((e: unknown) => e);
    expect(badId).toBeInstanceOf(CatalogValidationException);
    expect(badId).toMatchObject({ $metadata: { httpStatusCode: 422 } });
    const badDetails = await catalog
      .send(
        new StartChangeSetCommand({
          Catalog: 'AWSMarketplace',
          ChangeSet: [
            {
              ChangeType: 'AddRevisions',
              Entity: { Type: 'DataProduct@1.0', Identifier: harness.productId },
              Details: 'not json',
            },
          ],
        }),
      )
      .catch(nameOf);
    expect(badDetails).toBe('ValidationException');
    const unknown = await catalog
      .send(
        new DescribeChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: 'cs-doesnotexist' }),
      )
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    const unsupported = await catalog
      .send(
        new StartChangeSetCommand({
          Catalog: 'AWSMarketplace',
          ChangeSet: [
            {
              ChangeType: 'UpdateInformation',
              Entity: { Type: 'SaaSProduct@1.0', Identifier: 'prod-x' },
              Details: '{}',
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(unsupported).toMatchObject({
      name: 'ResourceNotSupportedException',
      $metadata: { httpStatusCode: 415 },
    });
  });
});

describe('Data Exchange validation, quotas and export errors', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  it('rejects event actions on owned data sets and beyond five per data set', async () => {
    const provider = harness.dataExchange();
    const dataSet = await createDataSet(provider, 'Auto');
    await revisionWithFiles(harness, provider, dataSet.id, { 'a.csv': 'a' });
    await applyChange(harness.catalog(), harness.productId, 'AddDataSets', {
      DataSets: [{ Arn: dataSet.arn }],
    });
    const action = (dataSetId: string) =>
      new CreateEventActionCommand({
        Event: { RevisionPublished: { DataSetId: dataSetId } },
        Action: {
          ExportRevisionToS3: { RevisionDestination: { Bucket: harness.destinationBucket } },
        },
      });
    const onOwned = await provider.send(action(dataSet.id)).catch((e: unknown) => e);
    expect(onOwned).toBeInstanceOf(ValidationException);

    const subscriber = harness.dataExchange(SUBSCRIBER);
    const [entitled] = (await subscriber.send(new ListDataSetsCommand({}))).DataSets ?? [];
    for (let i = 0; i < 5; i++) await subscriber.send(action(entitled?.Id as string));
    const sixth = await subscriber.send(action(entitled?.Id as string)).catch((e: unknown) => e);
    expect(sixth).toBeInstanceOf(ServiceLimitExceededException);
    expect(sixth).toMatchObject({
      LimitName: 'Auto export event actions per data set',
      LimitValue: 5,
    });
  });

  it('validates key patterns up front and fails exports whose keys collide', async () => {
    const provider = harness.dataExchange();
    const dataSet = await createDataSet(provider, 'Keys');
    // Two sources with the same key make two assets with the same name.
    await harness.putSource('x.csv', 'same name');
    const revision = await provider.send(new CreateRevisionCommand({ DataSetId: dataSet.id }));
    const imported = await provider.send(
      new CreateJobCommand({
        Type: 'IMPORT_ASSETS_FROM_S3',
        Details: {
          ImportAssetsFromS3: {
            DataSetId: dataSet.id,
            RevisionId: revision.Id,
            AssetSources: [
              { Bucket: harness.sourceBucket, Key: 'x.csv' },
              { Bucket: harness.sourceBucket, Key: 'x.csv' },
            ],
          },
        },
      }),
    );
    await provider.send(new StartJobCommand({ JobId: imported.Id }));
    expect((await finishedJob(provider, imported.Id as string)).State).toBe('COMPLETED');

    const exportWith = (KeyPattern: string) =>
      new CreateJobCommand({
        Type: 'EXPORT_REVISIONS_TO_S3',
        Details: {
          ExportRevisionsToS3: {
            DataSetId: dataSet.id,
            RevisionDestinations: [
              { Bucket: harness.destinationBucket, RevisionId: revision.Id, KeyPattern },
            ],
          },
        },
      });
    const noAsset = await provider
      .send(exportWith('${Revision.Id}/fixed'))
      .catch((e: unknown) => e);
    expect(noAsset).toBeInstanceOf(ValidationException);
    expect((noAsset as Error).message).toContain('${Asset.Name} or ${Asset.Id}');

    const byName = await provider.send(exportWith('names/${Asset.Name}'));
    await provider.send(new StartJobCommand({ JobId: byName.Id }));
    const failed = await finishedJob(provider, byName.Id as string);
    expect(failed.State).toBe('ERROR');
    expect(failed.Errors?.[0]).toMatchObject({
      Code: 'VALIDATION_EXCEPTION',
      ResourceType: 'REVISION',
    });
    expect(await harness.listDestination('names/')).toEqual([]);

    const byId = await provider.send(exportWith('ids/${Asset.Id}'));
    await provider.send(new StartJobCommand({ JobId: byId.Id }));
    expect((await finishedJob(provider, byId.Id as string)).State).toBe('COMPLETED');
    expect(await harness.listDestination('ids/')).toHaveLength(2);

    const unknownAsset = await provider
      .send(
        new CreateJobCommand({
          Type: 'EXPORT_ASSETS_TO_S3',
          Details: {
            ExportAssetsToS3: {
              DataSetId: dataSet.id,
              RevisionId: revision.Id,
              AssetDestinations: [{ AssetId: 'f'.repeat(32), Bucket: harness.destinationBucket }],
            },
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(unknownAsset).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'ASSET',
    });
  });

  it('exports a single asset to S3 under its name unless a key is given', async () => {
    const provider = harness.dataExchange();
    const dataSet = await createDataSet(provider, 'Assets');
    const revision = await revisionWithFiles(harness, provider, dataSet.id, {
      'files/one.csv': 'one!',
    });
    const assets = await provider.send(
      new ListRevisionAssetsCommand({ DataSetId: dataSet.id, RevisionId: revision.id }),
    );
    const assetId = assets.Assets?.[0]?.Id as string;
    const job = await provider.send(
      new CreateJobCommand({
        Type: 'EXPORT_ASSETS_TO_S3',
        Details: {
          ExportAssetsToS3: {
            DataSetId: dataSet.id,
            RevisionId: revision.id,
            AssetDestinations: [
              { AssetId: assetId, Bucket: harness.destinationBucket },
              { AssetId: assetId, Bucket: harness.destinationBucket, Key: 'renamed.csv' },
            ],
          },
        },
      }),
    );
    await provider.send(new StartJobCommand({ JobId: job.Id }));
    expect((await finishedJob(provider, job.Id as string)).State).toBe('COMPLETED');
    expect(await harness.readDestination('files/one.csv')).toBe('one!');
    expect(await harness.readDestination('renamed.csv')).toBe('one!');
  });
});
