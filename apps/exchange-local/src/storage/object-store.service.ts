import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';

/** Server-side encryption requested for exported objects (ExportServerSideEncryption). */
export interface ServerSideEncryption {
  readonly Type: 'AES256' | 'aws:kms';
  readonly KmsKeyArn?: string | undefined;
}

export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

/** Bounded memory per transfer: at most PART_SIZE x QUEUE_SIZE bytes buffered. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * The S3 server the stack provides, reached with exchange-local's own credentials: its asset
 * bucket, the callers' source buckets (imports) and destination buckets (exports). Every transfer
 * streams, so memory stays flat whatever the object size.
 */
@Injectable()
export class ObjectStore implements OnModuleDestroy {
  private readonly logger = new Logger(ObjectStore.name);
  readonly client: S3Client;
  readonly assetBucket: string;

  constructor(@Inject(EXCHANGE_CONFIG) config: ExchangeConfig) {
    this.assetBucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.s3.endpoint,
      region: config.s3.region,
      forcePathStyle: config.s3.forcePathStyle,
      credentials: {
        accessKeyId: config.s3.accessKeyId,
        secretAccessKey: config.s3.secretAccessKey,
      },
      maxAttempts: 3,
    });
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  async ensureAssetBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.assetBucket }));
    } catch (error) {
      if (s3StatusOf(error) !== 404) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.assetBucket }));
      this.logger.log(`Created asset bucket ${this.assetBucket}.`);
    }
  }

  async read(
    location: ObjectLocation,
  ): Promise<{ body: Readable; contentLength: number | undefined }> {
    const output = await this.client.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
    );
    return { body: output.Body as Readable, contentLength: output.ContentLength };
  }

  async size(location: ObjectLocation): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }),
      );
      return head.ContentLength;
    } catch (error) {
      if (s3StatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Streams `body` into an object (multipart when large); resolves with the bytes written. */
  async write(
    location: ObjectLocation,
    body: Readable,
    options: {
      encryption?: ServerSideEncryption | undefined;
      contentType?: string | undefined;
    } = {},
  ): Promise<number> {
    let bytes = 0;
    // Counting inside the transform keeps backpressure: Upload pulls, nothing is pushed ahead.
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    const upload = new Upload({
      client: this.client,
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
      params: {
        Bucket: location.bucket,
        Key: location.key,
        Body: counted,
        ContentType: options.contentType ?? 'application/octet-stream',
        ...(options.encryption ? encryptionParams(options.encryption) : {}),
      },
    });
    await Promise.all([pipeline(body, counted), upload.done()]);
    return bytes;
  }

  /** Copies one object to another through this process, streaming. */
  async copy(
    from: ObjectLocation,
    to: ObjectLocation,
    options: { encryption?: ServerSideEncryption | undefined } = {},
  ): Promise<number> {
    const { body } = await this.read(from);
    return this.write(to, body, options);
  }

  async delete(bucket: string, keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      if (batch.length === 0) continue;
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }
}

function encryptionParams(encryption: ServerSideEncryption) {
  return encryption.Type === 'aws:kms'
    ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: encryption.KmsKeyArn }
    : { ServerSideEncryption: 'AES256' as const };
}

/** HTTP status of an S3 error, or undefined for errors that did not come from S3. */
export function s3StatusOf(error: unknown): number | undefined {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** S3 error name (NoSuchKey, NoSuchBucket, AccessDenied, ...), if any. */
export function s3ErrorName(error: unknown): string | undefined {
  return error instanceof Error && s3StatusOf(error) !== undefined ? error.name : undefined;
}
