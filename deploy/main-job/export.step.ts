// Waits for the exporter to deliver the published revisions, then lists what arrived in the
// subscriber's buckets.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

import { fetchJson, waitFor } from './http.util';

/** The fields of the exporter's `GET /exports` items the job reads. */
export interface ExportRun {
  readonly id: string;
  readonly status: string;
  readonly revisionId: string;
  readonly bucket: string;
  readonly keyPattern: string;
  readonly error?: string | null;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

export async function awaitExports(
  exporterUrl: string,
  revisionIds: readonly string[],
  onProgress: (runs: readonly ExportRun[]) => void,
  timeoutMs: number,
): Promise<ExportRun[]> {
  const wanted = new Set(revisionIds);
  return waitFor(
    'the exports of the published revisions',
    async () => {
      const { exports } = await fetchJson<{ exports: ExportRun[] }>(
        `${exporterUrl}/exports?limit=1000`,
      );
      const ours = exports.filter((run) => wanted.has(run.revisionId));
      onProgress(ours);
      const covered = new Set(ours.map((run) => run.revisionId));
      const done =
        [...wanted].every((id) => covered.has(id)) &&
        ours.every((r) => FINISHED.has(r.status.toUpperCase()));
      return done ? ours : undefined;
    },
    { timeoutMs, intervalMs: 1000 },
  );
}

export async function listBucket(s3: S3Client, bucket: string, since: Date): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key && (!object.LastModified || object.LastModified >= since))
        keys.push(object.Key);
    }
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

export function stackS3(env: Record<string, string>): S3Client {
  return new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });
}
