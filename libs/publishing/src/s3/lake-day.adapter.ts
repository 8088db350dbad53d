import { PassThrough } from 'node:stream';

import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type DataType, LAKE_ROOT, SYSTEMS, type System, type Venue } from '@tickline/domain';
import { type LakeS3Client, listLakeDay } from '@tickline/lake';

import { productCsvKey, productManifestKey } from '../keys/product-key.util';
import type { DayManifest } from '../manifest/manifest.schema';
import { mergeDay, type MergeInputObject } from '../merge/day-merge.util';

export interface LakeMergeInputs {
  readonly objects: MergeInputObject[];
  readonly foreign: { key: string; reason: string; system: System }[];
  /** Markets found in either system's lake for the venue and type. */
  readonly markets: string[];
}

async function listMarkets(
  client: LakeS3Client,
  bucket: string,
  system: System,
  type: DataType,
  venue: Venue,
): Promise<string[]> {
  const prefix = `${LAKE_ROOT}/${system}/${type}/${venue}/`;
  const markets: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: '/',
        ContinuationToken: token,
      }),
    );
    for (const common of page.CommonPrefixes ?? []) {
      const market = common.Prefix?.slice(prefix.length, -1);
      if (market) markets.push(market);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return markets;
}

async function getBytes(client: LakeS3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = response.Body as { transformToByteArray(): Promise<Uint8Array> } | undefined;
  if (body === undefined) throw new Error('the response has no body');
  return Buffer.from(await body.transformToByteArray());
}

/**
 * The day's minute objects of a venue and type in both systems' lake prefixes, as merge
 * inputs. Markets default to those present in either lake; pass the configured ones so a
 * market nobody captured still appears in the manifest (all "neither").
 */
export async function lakeMergeInputs(
  client: LakeS3Client,
  bucket: string,
  target: {
    readonly venue: Venue;
    readonly type: DataType;
    readonly day: string;
    readonly markets?: readonly string[];
  },
): Promise<LakeMergeInputs> {
  const { venue, type, day } = target;
  const found = new Set<string>(target.markets ?? []);
  if (target.markets === undefined) {
    for (const system of SYSTEMS) {
      for (const market of await listMarkets(client, bucket, system, type, venue))
        found.add(market);
    }
  }
  const markets = [...found].sort();
  const objects: MergeInputObject[] = [];
  const foreign: { key: string; reason: string; system: System }[] = [];
  for (const system of SYSTEMS) {
    for (const market of markets) {
      const listing = await listLakeDay(client, bucket, { system, type, venue, market, day });
      for (const info of listing.objects) {
        objects.push({
          key: info.key,
          parts: info.parts,
          load: () => getBytes(client, bucket, info.key),
        });
      }
      for (const f of listing.foreign) foreign.push({ ...f, system });
    }
  }
  return { objects, foreign, markets };
}

export interface MergeLakeDayToS3Request {
  readonly client: LakeS3Client;
  readonly lakeBucket: string;
  readonly productBucket: string;
  readonly dataSet: string;
  readonly venue: Venue;
  readonly type: DataType;
  readonly day: string;
  readonly markets?: readonly string[];
  readonly gzipLevel?: number;
}

/**
 * Merges a day from the lake and writes the CSV (multipart upload, streamed) and then the
 * manifest to their final keys. Both keys are deterministic, so a re-run overwrites the same
 * objects with the same bytes.
 */
export async function mergeLakeDayToS3(request: MergeLakeDayToS3Request): Promise<DayManifest> {
  const { client, venue, type, day, dataSet } = request;
  const inputs = await lakeMergeInputs(client, request.lakeBucket, {
    venue,
    type,
    day,
    ...(request.markets === undefined ? {} : { markets: request.markets }),
  });
  const body = new PassThrough();
  const csvKey = productCsvKey({ dataSet, venue, type, day });
  const upload = new Upload({
    client: client as ConstructorParameters<typeof Upload>[0]['client'],
    params: {
      Bucket: request.productBucket,
      Key: csvKey,
      Body: body,
      ContentType: 'text/csv',
      ContentEncoding: 'gzip',
    },
  });
  const uploaded = upload.done();
  // A failed upload stops reading; end the merge instead of waiting on a full buffer.
  uploaded.catch((error: unknown) => body.destroy(error as Error));
  const manifest = await mergeDay({
    dataSet,
    venue,
    type,
    day,
    objects: inputs.objects,
    markets: inputs.markets,
    foreign: inputs.foreign,
    sink: body,
    ...(request.gzipLevel === undefined ? {} : { gzipLevel: request.gzipLevel }),
  });
  await uploaded;
  await client.send(
    new PutObjectCommand({
      Bucket: request.productBucket,
      Key: productManifestKey({ dataSet, venue, type, day }),
      Body: `${JSON.stringify(manifest, null, 2)}\n`,
      ContentType: 'application/json',
    }),
  );
  return manifest;
}
