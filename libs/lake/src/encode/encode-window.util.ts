import { createHash } from 'node:crypto';

import type { ReplicaNeutralEnvelope } from '@tickline/domain';

import type { ClosedWindow } from '../batch/minute-batcher.model';
import type { WindowInfo } from '../batch/minute-batcher.types';
import { gzipLakeBody, gzipLakeBodySync } from './lake-gzip.util';
import { LineSet } from './line-set.model';

/** The bytes of one lake object and what identifies them. */
export interface LakeBody {
  /** The gzip object: canonical NDJSON, one replica-neutral envelope per line, each ending in \n. */
  readonly body: Buffer;
  readonly eventCount: number;
  /** Identified events that arrived twice and were written once. */
  readonly duplicates: number;
  readonly uncompressedBytes: number;
  /** sha256 (hex) of the uncompressed NDJSON: equal content, whatever the compressor did. */
  readonly contentSha256: string;
  /** md5 (hex) of `body`: what S3 returns as the ETag of a single-part upload. */
  readonly md5Hex: string;
}

export interface EncodedWindow extends LakeBody {
  readonly window: WindowInfo;
}

interface Prepared {
  readonly text: Buffer;
  readonly eventCount: number;
  readonly duplicates: number;
  readonly contentSha256: string;
}

function prepare(lines: LineSet): Prepared {
  const ordered = lines.ordered();
  return {
    text: ordered.text,
    eventCount: ordered.lineCount,
    duplicates: ordered.duplicates,
    contentSha256: createHash('sha256').update(ordered.text).digest('hex'),
  };
}

function finish(prepared: Prepared, body: Buffer): LakeBody {
  return {
    body,
    eventCount: prepared.eventCount,
    duplicates: prepared.duplicates,
    uncompressedBytes: prepared.text.length,
    contentSha256: prepared.contentSha256,
    md5Hex: createHash('md5').update(body).digest('hex'),
  };
}

function lineSetOf(events: readonly ReplicaNeutralEnvelope[]): LineSet {
  const lines = new LineSet();
  for (const event of events) lines.add(event);
  return lines;
}

/** The canonical bytes of a line set (gzip in the thread pool). */
export async function encodeLineSet(lines: LineSet): Promise<LakeBody> {
  const prepared = prepare(lines);
  return finish(prepared, await gzipLakeBody(prepared.text));
}

export function encodeLineSetSync(lines: LineSet): LakeBody {
  const prepared = prepare(lines);
  return finish(prepared, gzipLakeBodySync(prepared.text));
}

/**
 * The object bytes of a closed window. The result no longer refers to the window's lines, so
 * the window can be dropped while the put is in flight.
 */
export async function encodeWindow(window: ClosedWindow): Promise<EncodedWindow> {
  const encoded = await encodeLineSet(window.lines);
  return { ...encoded, window: window.info() };
}

/** As `encodeWindow`, compressing on the calling thread (tools, benchmarks, tests). */
export function encodeWindowSync(window: ClosedWindow): EncodedWindow {
  return { ...encodeLineSetSync(window.lines), window: window.info() };
}

/** The canonical object bytes of any events (full or replica-neutral envelopes), in lake order. */
export async function encodeLakeEvents(
  events: readonly ReplicaNeutralEnvelope[],
): Promise<LakeBody> {
  return encodeLineSet(lineSetOf(events));
}

export function encodeLakeEventsSync(events: readonly ReplicaNeutralEnvelope[]): LakeBody {
  return encodeLineSetSync(lineSetOf(events));
}
