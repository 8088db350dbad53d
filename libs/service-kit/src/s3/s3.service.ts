import { HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';

import { ProbeRegistry } from '../health/probe-registry.service';
import { createS3Client } from './s3-client.factory';
import { S3_MODULE_OPTIONS, type S3ModuleOptions } from './s3.module-definition';
import { ensureBucket } from './ensure-bucket.util';

/** The service's S3 client, its `s3` readiness probe, and bucket bootstrap. */
@Injectable()
export class S3Service implements OnModuleInit, OnApplicationShutdown {
  readonly client: S3Client;
  private readonly probeClient: S3Client;

  constructor(
    @Inject(S3_MODULE_OPTIONS) private readonly options: S3ModuleOptions,
    private readonly probes: ProbeRegistry,
  ) {
    this.client = createS3Client(options.client);
    // No retries for the probe: readiness should report a dead endpoint at once.
    this.probeClient = createS3Client({ ...options.client, maxAttempts: 1 });
  }

  onModuleInit(): void {
    const probeClient = this.probeClient;
    const bucket = this.options.probeBucket;
    this.probes.register({
      name: 's3',
      check: () =>
        bucket
          ? probeClient.send(new HeadBucketCommand({ Bucket: bucket }))
          : probeClient.send(new ListBucketsCommand({ MaxBuckets: 1 })),
    });
  }

  ensureBucket(bucket: string): Promise<boolean> {
    return ensureBucket(this.client, bucket);
  }

  onApplicationShutdown(): void {
    this.client.destroy();
    this.probeClient.destroy();
  }
}
