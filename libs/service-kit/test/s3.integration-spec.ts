import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

import { ensureBucket, s3ErrorStatus } from '../src/s3/ensure-bucket.util';
import { createS3Client, s3ClientOptions } from '../src/s3/s3-client.factory';
import { defined, runId, stackEnv } from './stack-env';

jest.setTimeout(60_000);

describe('S3 against the real server', () => {
  let client: S3Client;
  const bucket = runId('sk-it');

  beforeAll(() => {
    client = createS3Client(s3ClientOptions(stackEnv()));
  });

  afterAll(async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const objects = (listed.Contents ?? []).map((object) => ({
      Key: defined(object.Key, 'a key'),
    }));
    if (objects.length > 0) {
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    client.destroy();
  });

  it('ensureBucket creates the bucket once', async () => {
    expect(await ensureBucket(client, bucket)).toBe(true);
    expect(await ensureBucket(client, bucket)).toBe(false);
  });

  it('puts, gets and lists objects', async () => {
    const keys = ['raw/a/1.ndjson.gz', 'raw/a/2.ndjson.gz', 'raw/b/1.ndjson.gz'];
    for (const key of keys) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    }
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keys[1] }));
    expect(await defined(got.Body, 'a body').transformToString()).toBe(`body of ${keys[1]}`);
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'raw/a/' }),
    );
    expect((listed.Contents ?? []).map((object) => object.Key)).toEqual(keys.slice(0, 2));
  });

  it('rejects a second conditional put on an existing key with 412 and keeps the first bytes', async () => {
    const key = 'raw/dedup/window.ndjson.gz';
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'first writer', IfNoneMatch: '*' }),
    );
    const second = client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'second writer', IfNoneMatch: '*' }),
    );
    const error = await second.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(s3ErrorStatus(error)).toBe(412);
    expect((error as { name?: string }).name).toBe('PreconditionFailed');
    const stored = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await defined(stored.Body, 'a body').transformToString()).toBe('first writer');
  });
});
