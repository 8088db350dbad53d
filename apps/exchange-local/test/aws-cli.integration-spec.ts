import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { eventually, type Harness, startHarness } from './support/exchange-harness.util';
import { PROVIDER, SUBSCRIBER } from './support/test-accounts.fixture';

jest.setTimeout(180_000);

const run = promisify(execFile);

interface Account {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * The same flows through the AWS CLI (botocore, a second independent client): its signer, its
 * serializers and its error parsing. Output is parsed as JSON.
 */
describe('AWS CLI against exchange-local', () => {
  let harness: Harness;

  beforeAll(async () => {
    await run('aws', ['--version']).catch(() => {
      throw new Error('The AWS CLI is needed for this test: apt-get install awscli.');
    });
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  async function aws(account: Account, args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run(
      'aws',
      [...args, '--endpoint-url', harness.endpoint, '--region', 'us-east-1', '--output', 'json'],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '',
          AWS_ACCESS_KEY_ID: account.accessKeyId,
          AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
          AWS_CONFIG_FILE: '/nonexistent',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_RETRY_MODE: 'standard',
          AWS_MAX_ATTEMPTS: '1',
        },
      },
    );
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  }

  async function awsError(account: Account, args: string[]): Promise<string> {
    try {
      await aws(account, args);
    } catch (error) {
      return (error as { stderr: string }).stderr;
    }
    throw new Error(`aws ${args.join(' ')} succeeded unexpectedly`);
  }

  async function waitForJob(account: Account, jobId: string): Promise<Record<string, unknown>> {
    return eventually(async () => {
      const job = await aws(account, ['dataexchange', 'get-job', '--job-id', jobId]);
      return job['State'] === 'WAITING' || job['State'] === 'IN_PROGRESS' ? undefined : job;
    });
  }

  it('runs the provider and subscriber flows and lands the bytes in the destination bucket', async () => {
    await harness.putSource('cli/day.csv', 'cli,bytes\n');
    const dataSet = await aws(PROVIDER, [
      'dataexchange',
      'create-data-set',
      '--asset-type',
      'S3_SNAPSHOT',
      '--name',
      'CLI data',
      '--description',
      'made by the CLI',
    ]);
    expect(dataSet).toMatchObject({ Origin: 'OWNED', Name: 'CLI data' });
    const dataSetId = dataSet['Id'] as string;
    const revision = await aws(PROVIDER, [
      'dataexchange',
      'create-revision',
      '--data-set-id',
      dataSetId,
      '--comment',
      'cli',
    ]);
    const revisionId = revision['Id'] as string;
    const importJob = await aws(PROVIDER, [
      'dataexchange',
      'create-job',
      '--type',
      'IMPORT_ASSETS_FROM_S3',
      '--details',
      JSON.stringify({
        ImportAssetsFromS3: {
          DataSetId: dataSetId,
          RevisionId: revisionId,
          AssetSources: [{ Bucket: harness.sourceBucket, Key: 'cli/day.csv' }],
        },
      }),
    ]);
    await aws(PROVIDER, ['dataexchange', 'start-job', '--job-id', importJob['Id'] as string]);
    expect((await waitForJob(PROVIDER, importJob['Id'] as string))['State']).toBe('COMPLETED');
    const finalized = await aws(PROVIDER, [
      'dataexchange',
      'update-revision',
      '--data-set-id',
      dataSetId,
      '--revision-id',
      revisionId,
      '--finalized',
    ]);
    expect(finalized['Finalized']).toBe(true);

    const entity = await aws(PROVIDER, [
      'marketplace-catalog',
      'describe-entity',
      '--catalog',
      'AWSMarketplace',
      '--entity-id',
      harness.productId,
    ]);
    expect(entity['EntityType']).toBe('DataProduct@1.0');
    const started = await aws(PROVIDER, [
      'marketplace-catalog',
      'start-change-set',
      '--catalog',
      'AWSMarketplace',
      '--change-set',
      JSON.stringify([
        {
          ChangeType: 'AddDataSets',
          Entity: { Type: entity['EntityType'], Identifier: entity['EntityIdentifier'] },
          Details: JSON.stringify({ DataSets: [{ Arn: dataSet['Arn'] }] }),
        },
      ]),
    ]);
    const changeSet = await eventually(async () => {
      const described = await aws(PROVIDER, [
        'marketplace-catalog',
        'describe-change-set',
        '--catalog',
        'AWSMarketplace',
        '--change-set-id',
        started['ChangeSetId'] as string,
      ]);
      return described['Status'] === 'PREPARING' || described['Status'] === 'APPLYING'
        ? undefined
        : described;
    });
    expect(changeSet['Status']).toBe('SUCCEEDED');

    const entitled = await aws(SUBSCRIBER, [
      'dataexchange',
      'list-data-sets',
      '--origin',
      'ENTITLED',
    ]);
    const [copy] = entitled['DataSets'] as { Id: string; Arn: string }[];
    const revisions = await aws(SUBSCRIBER, [
      'dataexchange',
      'list-data-set-revisions',
      '--data-set-id',
      copy?.Id as string,
    ]);
    const [entitledRevision] = revisions['Revisions'] as { Id: string; Comment: string }[];
    expect(entitledRevision?.Comment).toBe('cli');
    const exportJob = await aws(SUBSCRIBER, [
      'dataexchange',
      'create-job',
      '--type',
      'EXPORT_REVISIONS_TO_S3',
      '--details',
      JSON.stringify({
        ExportRevisionsToS3: {
          DataSetId: copy?.Id,
          RevisionDestinations: [
            {
              Bucket: harness.destinationBucket,
              RevisionId: entitledRevision?.Id,
              KeyPattern: 'cli/${Revision.Id}/${Asset.Name}',
            },
          ],
        },
      }),
    ]);
    await aws(SUBSCRIBER, ['dataexchange', 'start-job', '--job-id', exportJob['Id'] as string]);
    expect((await waitForJob(SUBSCRIBER, exportJob['Id'] as string))['State']).toBe('COMPLETED');
    expect(await harness.readDestination(`cli/${entitledRevision?.Id}/cli/day.csv`)).toBe(
      'cli,bytes\n',
    );

    await aws(SUBSCRIBER, [
      'dataexchange',
      'tag-resource',
      '--resource-arn',
      copy?.Arn as string,
      '--tags',
      'desk=rates',
    ]);
    expect(
      await aws(SUBSCRIBER, [
        'dataexchange',
        'list-tags-for-resource',
        '--resource-arn',
        copy?.Arn as string,
      ]),
    ).toEqual({
      Tags: { desk: 'rates' },
    });
  });

  it('shows the modelled exception names and messages botocore parses', async () => {
    const missing = await awsError(PROVIDER, [
      'dataexchange',
      'get-data-set',
      '--data-set-id',
      'f'.repeat(32),
    ]);
    expect(missing).toContain('(ResourceNotFoundException)');
    expect(missing).toContain(`Data set ${'f'.repeat(32)} not found.`);
    const invalid = await awsError(PROVIDER, [
      'marketplace-catalog',
      'describe-entity',
      '--catalog',
      'AWSMarketplace',
      '--entity-id',
      'bad!id',
    ]);
    expect(invalid).toContain('(ValidationException)');
    const wrongSecret = await awsError(
      { accessKeyId: PROVIDER.accessKeyId, secretAccessKey: 'wrong' },
      ['dataexchange', 'list-data-sets'],
    );
    expect(wrongSecret).toContain('(InvalidSignatureException)');
  });
});
