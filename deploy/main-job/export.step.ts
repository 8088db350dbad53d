// Waits for the exporter to deliver the published revisions, then lists what arrived in the
// subscriber's buckets. The subscriber sees its entitled copies under their own data set and
// revision ids, so a published data set is found in the exporter's catalog by name, and its
// revision by being created during this run.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

import { fetchJson, waitFor } from './http.util';

/** The fields of the exporter's `GET /catalog` the job reads. */
interface Catalog {
  readonly dataSets: readonly {
    readonly name: string;
    readonly revisions: readonly {
      readonly id: string;
      readonly createdAt: string;
      readonly exports: readonly { readonly status: string; readonly bucket: string }[];
    }[];
  }[];
}

export interface DeliveredRevision {
  readonly dataSet: string;
  readonly revisionId: string;
  readonly exports: readonly { readonly status: string; readonly bucket: string }[];
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

/** Per data set, the entitled revisions created since `since` (newest first). */
export function revisionsSince(
  catalog: Catalog,
  dataSets: readonly string[],
  since: Date,
): DeliveredRevision[] {
  return dataSets.flatMap((name) =>
    catalog.dataSets
      .filter((d) => d.name === name)
      .flatMap((d) => d.revisions)
      .filter((r) => Date.parse(r.createdAt) >= since.getTime())
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, 1)
      .map((r) => ({ dataSet: name, revisionId: r.id, exports: r.exports })),
  );
}

export async function awaitExports(
  exporterUrl: string,
  dataSets: readonly string[],
  since: Date,
  onProgress: (delivered: number) => void,
  timeoutMs: number,
): Promise<DeliveredRevision[]> {
  return waitFor(
    'the exports of the published revisions',
    async () => {
      const catalog = await fetchJson<Catalog>(`${exporterUrl}/catalog`);
      const revisions = revisionsSince(catalog, dataSets, since);
      const finished = revisions.filter(
        (r) => r.exports.length > 0 && r.exports.every((e) => FINISHED.has(e.status.toUpperCase())),
      );
      onProgress(
        finished.filter((r) => r.exports.some((e) => e.status.toUpperCase() === 'SUCCEEDED'))
          .length,
      );
      return finished.length === dataSets.length ? finished : undefined;
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
