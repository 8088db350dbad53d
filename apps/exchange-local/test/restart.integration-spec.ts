import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

import {
  CreateJobCommand,
  CreateRevisionCommand,
  GetJobCommand,
  ListRevisionAssetsCommand,
  StartJobCommand,
} from '@aws-sdk/client-dataexchange';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';

import { derivedResourceId } from '../src/common/resource-id.util';

import { eventually, type Harness, startHarness } from './support/exchange-harness.util';
import {
  buildExchangeLocal,
  type ExchangeProcess,
  spawnExchangeLocal,
} from './support/exchange-process.util';
import { createDataSet, finishedJob } from './support/flows.util';

jest.setTimeout(300_000);

const LARGE_BYTES = 128 * 1024 * 1024;

/**
 * Kills exchange-local (SIGKILL, no shutdown hooks) while an import job is copying bytes, then
 * starts it again: the job must complete exactly once, or end in ERROR saying why.
 */
describe('restart during an import job', () => {
  let harness: Harness;
  let running: ExchangeProcess | undefined;
  let largeMd5: string;

  beforeAll(async () => {
    buildExchangeLocal();
    harness = await startHarness({
      withoutApp: true,
      worker: { leaseMs: 2000, pollIntervalMs: 50, maxAttempts: 3 },
    });
    const large = randomBytes(LARGE_BYTES);
    largeMd5 = createHash('md5').update(large).digest('hex');
    await harness.putSource('big/large.bin', large);
    await harness.putSource('big/small-1.csv', 'a,b\n1,2\n');
    await harness.putSource('big/small-2.csv', 'a,b\n3,4\n');
  });

  afterAll(async () => {
    await running?.kill('SIGKILL');
    await harness?.cleanup();
  });

  async function start(overrides: Record<string, string> = {}): Promise<ExchangeProcess> {
    running = await spawnExchangeLocal(
      harness.runId,
      harness.productId,
      harness.processEnv(overrides),
    );
    harness.endpoint = running.endpoint;
    return running;
  }

  /** Creates and starts an import of the three sources, then kills the process once the job is claimed. */
  async function importAndKill(
    process: ExchangeProcess,
  ): Promise<{ dataSetId: string; revisionId: string; jobId: string }> {
    const client = harness.dataExchange();
    const dataSet = await createDataSet(client, 'Restart');
    const revision = await client.send(new CreateRevisionCommand({ DataSetId: dataSet.id }));
    const job = await client.send(
      new CreateJobCommand({
        Type: 'IMPORT_ASSETS_FROM_S3',
        Details: {
          ImportAssetsFromS3: {
            DataSetId: dataSet.id,
            RevisionId: revision.Id,
            AssetSources: ['big/large.bin', 'big/small-1.csv', 'big/small-2.csv'].map((Key) => ({
              Bucket: harness.sourceBucket,
              Key,
            })),
          },
        },
      }),
    );
    await client.send(new StartJobCommand({ JobId: job.Id }));
    await eventually(async () => {
      const [row] = await harness.sql<{ lease_owner: string | null }>(
        'SELECT lease_owner FROM jobs WHERE id = $1',
        [job.Id],
      );
      return row?.lease_owner ? true : undefined;
    });
    await process.kill('SIGKILL');
    const [row] = await harness.sql<{ state: string; attempts: number }>(
      'SELECT state, attempts FROM jobs WHERE id = $1',
      [job.Id],
    );
    expect(row).toEqual({ state: 'IN_PROGRESS', attempts: 1 });
    const assets = await harness.sql('SELECT id FROM assets WHERE revision_id = $1', [revision.Id]);
    expect(assets).toEqual([]);
    return { dataSetId: dataSet.id, revisionId: revision.Id as string, jobId: job.Id as string };
  }

  async function listAssetKeys(): Promise<string[]> {
    const listed = await harness.s3.send(
      new ListObjectsV2Command({ Bucket: harness.config.bucket, Prefix: 'assets/' }),
    );
    return (listed.Contents ?? []).map((object) => object.Key as string);
  }

  async function md5Of(bucket: string, key: string): Promise<string> {
    const output = await harness.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const hash = createHash('md5');
    for await (const chunk of output.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  it('resumes the interrupted job after a restart and imports every asset exactly once', async () => {
    const first = await start();
    const { dataSetId, revisionId, jobId } = await importAndKill(first);

    await start();
    const client = harness.dataExchange();
    const job = await finishedJob(client, jobId);
    expect(job.State).toBe('COMPLETED');
    const [row] = await harness.sql<{ attempts: number }>(
      'SELECT attempts FROM jobs WHERE id = $1',
      [jobId],
    );
    expect(row?.attempts).toBe(2);

    const assets = await client.send(
      new ListRevisionAssetsCommand({ DataSetId: dataSetId, RevisionId: revisionId }),
    );
    expect(
      assets.Assets?.map((asset) => [asset.Name, asset.AssetDetails?.S3SnapshotAsset?.Size]),
    ).toEqual([
      ['big/small-2.csv', 8],
      ['big/small-1.csv', 8],
      ['big/large.bin', LARGE_BYTES],
    ]);
    const stored = await harness.sql<{ storage_key: string; name: string }>(
      'SELECT storage_key, name FROM assets WHERE revision_id = $1',
      [revisionId],
    );
    const large = stored.find((asset) => asset.name === 'big/large.bin');
    expect(await md5Of(harness.config.bucket, large?.storage_key as string)).toBe(largeMd5);
  });

  it('ends the job in ERROR with a reason once its attempts are used up', async () => {
    const current = running as ExchangeProcess;
    const { revisionId, jobId } = await importAndKill(current);

    await start({ EXCHANGE_JOB_MAX_ATTEMPTS: '1' });
    const job = await finishedJob(harness.dataExchange(), jobId);
    expect(job.State).toBe('ERROR');
    expect(job.Errors).toEqual([
      expect.objectContaining({
        Code: 'INTERNAL_SERVER_EXCEPTION',
        Message: expect.stringContaining('interrupted'),
      }),
    ]);
    expect((await harness.dataExchange().send(new GetJobCommand({ JobId: jobId }))).State).toBe(
      'ERROR',
    );
    const assets = await harness.sql('SELECT id FROM assets WHERE revision_id = $1', [revisionId]);
    expect(assets).toEqual([]);
    // Bytes the interrupted attempt had copied are removed with the job.
    const leftovers = (await listAssetKeys()).filter((key) =>
      [0, 1, 2].some((index) => key === `assets/${derivedResourceId(`${jobId}:${index}`)}`),
    );
    expect(leftovers).toEqual([]);
  });
});
