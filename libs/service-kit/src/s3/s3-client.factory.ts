import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

import type { S3Config } from './s3-config.schema';

/** S3 client options from validated config (see s3ConfigFields). */
export function s3ClientOptions(config: S3Config): S3ClientConfig {
  return {
    region: config.S3_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    // Virtual-host addressing needs wildcard DNS that local and on-prem servers rarely have.
    forcePathStyle: config.S3_FORCE_PATH_STYLE ?? config.S3_ENDPOINT !== undefined,
    ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: config.S3_ACCESS_KEY_ID,
            secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          },
        }
      : {}),
    maxAttempts: config.S3_MAX_ATTEMPTS,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: config.S3_CONNECTION_TIMEOUT,
      requestTimeout: config.S3_REQUEST_TIMEOUT,
    },
    // Checksums only where S3 requires them: not every S3-compatible server accepts the
    // SDK's newer default trailing CRC32 checksums; integrity is checked end to end with
    // sha256 in our manifests.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export function createS3Client(options: S3ClientConfig): S3Client {
  return new S3Client(options);
}
