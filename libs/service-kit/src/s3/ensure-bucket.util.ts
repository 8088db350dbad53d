import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

/** HTTP status of an AWS SDK error, if the server answered. */
export function s3ErrorStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/**
 * Creates the bucket when it does not exist; returns whether it was created. A bucket created
 * concurrently by another replica counts as existing.
 */
export async function ensureBucket(client: S3Client, bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return false;
  } catch (error) {
    if (s3ErrorStatus(error) !== 404) {
      throw error;
    }
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'BucketAlreadyOwnedByYou') {
      return false;
    }
    throw error;
  }
}
