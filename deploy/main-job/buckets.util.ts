// Buckets the services expect to exist: the publisher writes its files into the product bucket
// and the exporter's destination must exist before an export job writes into it.
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';

export async function ensureBuckets(s3: S3Client, buckets: readonly string[]): Promise<void> {
  for (const bucket of buckets) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
    }
  }
}
