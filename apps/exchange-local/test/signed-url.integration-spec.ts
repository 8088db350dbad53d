import { createHash } from 'node:crypto';

import {
  CreateJobCommand,
  CreateRevisionCommand,
  ListRevisionAssetsCommand,
  StartJobCommand,
} from '@aws-sdk/client-dataexchange';

import { type Harness, startHarness } from './support/exchange-harness.util';
import { createDataSet, finishedJob } from './support/flows.util';

jest.setTimeout(120_000);

const md5Base64 = (body: string | Buffer) => createHash('md5').update(body).digest('base64');

describe('signed-URL import and export (three-step flow)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  async function signedImport(assetName: string, body: string) {
    const client = harness.dataExchange();
    const dataSet = await createDataSet(client, `Uploads ${assetName}`);
    const revision = await client.send(new CreateRevisionCommand({ DataSetId: dataSet.id }));
    const job = await client.send(
      new CreateJobCommand({
        Type: 'IMPORT_ASSET_FROM_SIGNED_URL',
        Details: {
          ImportAssetFromSignedUrl: {
            AssetName: assetName,
            DataSetId: dataSet.id,
            RevisionId: revision.Id,
            Md5Hash: md5Base64(body),
          },
        },
      }),
    );
    return { client, dataSetId: dataSet.id, revisionId: revision.Id as string, job };
  }

  it('returns the signed URL from CreateJob, takes a PUT with Content-MD5, and imports it on StartJob', async () => {
    const body = 'symbol,price\nBTC-USD,64000.5\n';
    const { client, dataSetId, revisionId, job } = await signedImport('uploads/prices.csv', body);
    const details = job.Details?.ImportAssetFromSignedUrl;
    expect(details?.SignedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_transfer\/import\//);
    expect(details?.SignedUrlExpiresAt).toBeInstanceOf(Date);

    const put = await fetch(details?.SignedUrl as string, {
      method: 'PUT',
      headers: { 'Content-MD5': md5Base64(body) },
      body,
    });
    expect(put.status).toBe(200);
    await client.send(new StartJobCommand({ JobId: job.Id }));
    expect((await finishedJob(client, job.Id as string)).State).toBe('COMPLETED');
    const assets = await client.send(
      new ListRevisionAssetsCommand({ DataSetId: dataSetId, RevisionId: revisionId }),
    );
    expect(
      assets.Assets?.map((asset) => [asset.Name, asset.AssetDetails?.S3SnapshotAsset?.Size]),
    ).toEqual([['uploads/prices.csv', Buffer.byteLength(body)]]);

    // And back out through EXPORT_ASSET_TO_SIGNED_URL.
    const exportJob = await client.send(
      new CreateJobCommand({
        Type: 'EXPORT_ASSET_TO_SIGNED_URL',
        Details: {
          ExportAssetToSignedUrl: {
            AssetId: assets.Assets?.[0]?.Id,
            DataSetId: dataSetId,
            RevisionId: revisionId,
          },
        },
      }),
    );
    await client.send(new StartJobCommand({ JobId: exportJob.Id }));
    const exported = await finishedJob(client, exportJob.Id as string);
    expect(exported.State).toBe('COMPLETED');
    const download = await fetch(exported.Details?.ExportAssetToSignedUrl?.SignedUrl as string);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(body);
  });

  it('rejects a body that does not match Md5Hash, a forged URL, and a start without upload', async () => {
    const { client, job } = await signedImport('bad.csv', 'expected');
    const url = job.Details?.ImportAssetFromSignedUrl?.SignedUrl as string;

    const wrongBody = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-MD5': md5Base64('expected') },
      body: 'different',
    });
    expect(wrongBody.status).toBe(400);
    expect(await wrongBody.text()).toContain('<Code>BadDigest</Code>');
    const wrongHeader = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-MD5': md5Base64('other') },
      body: 'other',
    });
    expect(wrongHeader.status).toBe(400);
    const forged = await fetch(url.replace(/signature=[0-9a-f]{4}/, 'signature=0000'), {
      method: 'PUT',
      headers: { 'Content-MD5': md5Base64('expected') },
      body: 'expected',
    });
    expect(forged.status).toBe(403);

    await client.send(new StartJobCommand({ JobId: job.Id }));
    const finished = await finishedJob(client, job.Id as string);
    expect(finished.State).toBe('ERROR');
    expect(finished.Errors?.[0]).toMatchObject({
      Code: 'VALIDATION_EXCEPTION',
      Details: { ImportAssetFromSignedUrlJobErrorDetails: { AssetName: 'bad.csv' } },
    });
  });
});
