import { z } from 'zod';

import { parseConfig } from '../config/parse-config.util';
import { s3ClientOptions } from './s3-client.factory';
import { s3ConfigFields } from './s3-config.schema';

const schema = z.object(s3ConfigFields());

describe('s3ClientOptions', () => {
  it('targets an S3-compatible endpoint with path-style addressing and static keys', () => {
    const options = s3ClientOptions(
      parseConfig(schema, {
        S3_ENDPOINT: 'http://127.0.0.1:19000',
        S3_ACCESS_KEY_ID: 'minio',
        S3_SECRET_ACCESS_KEY: 'minio-secret',
      }),
    );
    expect(options).toMatchObject({
      endpoint: 'http://127.0.0.1:19000',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' },
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
    });
  });

  it('leaves AWS S3 to virtual-host addressing and the default credential chain', () => {
    const options = s3ClientOptions(parseConfig(schema, { S3_REGION: 'eu-central-1' }));
    expect(options.forcePathStyle).toBe(false);
    expect(options).not.toHaveProperty('endpoint');
    expect(options).not.toHaveProperty('credentials');
  });

  it('lets S3_FORCE_PATH_STYLE override the default', () => {
    const options = s3ClientOptions(
      parseConfig(schema, { S3_ENDPOINT: 'https://s3.example.test', S3_FORCE_PATH_STYLE: 'false' }),
    );
    expect(options.forcePathStyle).toBe(false);
  });
});
