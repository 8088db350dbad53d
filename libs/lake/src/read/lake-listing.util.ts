import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  type LakeDayParts,
  lakeDayPrefix,
  type LakeKeyParts,
  safeParseLakeKey,
  utcDayOf,
} from '@tickline/domain';

import type { LakeS3Client } from './lake-object.reader';

export interface LakeObjectInfo {
  readonly key: string;
  readonly parts: LakeKeyParts;
  readonly size: number;
  readonly etag?: string;
  readonly lastModified?: Date;
}

export interface LakeDayListing {
  /** By window start, the canonical object before the partial ones, partials by key. */
  readonly objects: readonly LakeObjectInfo[];
  /** Objects under the day's prefix that are not lake objects of that day, with the reason. */
  readonly foreign: readonly { readonly key: string; readonly reason: string }[];
}

export interface LakeWindowObjects {
  readonly windowStartUs: number;
  readonly canonical: LakeObjectInfo | null;
  readonly partials: readonly LakeObjectInfo[];
}

function compareObjects(a: LakeObjectInfo, b: LakeObjectInfo): number {
  if (a.parts.windowStartUs !== b.parts.windowStartUs) {
    return a.parts.windowStartUs - b.parts.windowStartUs;
  }
  const aPartial = a.parts.partial !== undefined;
  const bPartial = b.parts.partial !== undefined;
  if (aPartial !== bPartial) return aPartial ? 1 : -1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Every object (canonical and partial) of one system/type/venue/market and UTC day. */
export async function listLakeDay(
  client: LakeS3Client,
  bucket: string,
  day: LakeDayParts,
  options: { readonly signal?: AbortSignal } = {},
): Promise<LakeDayListing> {
  const prefix = lakeDayPrefix(day);
  const objects: LakeObjectInfo[] = [];
  const foreign: { key: string; reason: string }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      options.signal === undefined ? {} : { abortSignal: options.signal },
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (key === undefined) continue;
      const parsed = safeParseLakeKey(key);
      if (!parsed.success) {
        foreign.push({ key, reason: parsed.error.message });
      } else if (utcDayOf(parsed.data.windowStartUs) !== day.day) {
        foreign.push({ key, reason: `its window is not on ${day.day}` });
      } else {
        objects.push({
          key,
          parts: parsed.data,
          size: object.Size ?? 0,
          ...(object.ETag === undefined ? {} : { etag: object.ETag.replace(/"/g, '') }),
          ...(object.LastModified === undefined ? {} : { lastModified: object.LastModified }),
        });
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  objects.sort(compareObjects);
  return { objects, foreign };
}

/** Groups a listing by minute: the canonical object (if any) and the partial ones. */
export function groupLakeWindows(objects: readonly LakeObjectInfo[]): LakeWindowObjects[] {
  const byStart = new Map<
    number,
    { canonical: LakeObjectInfo | null; partials: LakeObjectInfo[] }
  >();
  for (const object of [...objects].sort(compareObjects)) {
    let entry = byStart.get(object.parts.windowStartUs);
    if (entry === undefined) {
      entry = { canonical: null, partials: [] };
      byStart.set(object.parts.windowStartUs, entry);
    }
    if (object.parts.partial === undefined) entry.canonical = object;
    else entry.partials.push(object);
  }
  return [...byStart.entries()].map(([windowStartUs, entry]) => ({ windowStartUs, ...entry }));
}
