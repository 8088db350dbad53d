import { pipeline, type Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';

import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ReplicaNeutralEnvelope, safeParseLakeKey } from '@tickline/domain';

import { errorMessage } from '../util/error-message.util';
import { LakeLineDecoder, splitLines, splitLinesSync } from './lake-line.decoder';
import { type LakeIssueHandler, LakeReadError, type LakeReadIssue } from './lake-read.error';

export type LakeS3Client = Pick<S3Client, 'send'>;

export interface LakeReadOptions {
  /**
   * Receives every problem (key, line number, kind, message) and reading goes on with the next
   * line; a broken gzip stream or connection ends the object. Without a handler the first
   * problem throws `LakeReadError`: nothing is dropped silently either way.
   */
  readonly onIssue?: LakeIssueHandler;
  readonly signal?: AbortSignal;
}

export interface DecodedLakeObject {
  readonly events: ReplicaNeutralEnvelope[];
  readonly issues: LakeReadIssue[];
}

function decoderFor(key: string, onIssue: LakeIssueHandler | undefined): LakeLineDecoder {
  const parsed = safeParseLakeKey(key);
  const decoder = new LakeLineDecoder(key, parsed.success ? parsed.data : null, onIssue);
  if (!parsed.success) decoder.report('key', null, parsed.error.message);
  return decoder;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/**
 * Streams one lake object: fetch, gunzip and split on the fly, validate every line, yield the
 * envelopes. Memory stays at one chunk whatever the object's size.
 *
 * The gzip trailer (CRC and length) is checked only at the end of the stream, so with a
 * corrupted object some envelopes may already have been yielded when the `gzip` issue comes; a
 * consumer that needs all or nothing per object buffers one object (`collectLakeObject`) and
 * drops it on a `gzip` or `read` issue.
 */
export async function* readLakeObject(
  client: LakeS3Client,
  bucket: string,
  key: string,
  options: LakeReadOptions = {},
): AsyncGenerator<ReplicaNeutralEnvelope> {
  const decoder = decoderFor(key, options.onIssue);
  let body: Readable;
  try {
    const response = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      options.signal === undefined ? {} : { abortSignal: options.signal },
    );
    if (response.Body === undefined) throw new Error('the response has no body');
    body = response.Body as Readable;
  } catch (error) {
    decoder.report('read', null, `could not fetch the object: ${errorMessage(error)}`);
    return;
  }
  const gunzip = createGunzip();
  // Errors surface through the gunzip stream, which pipeline destroys with them.
  pipeline(body, gunzip, () => undefined);
  try {
    for await (const text of splitLines(gunzip)) {
      const event = decoder.decode(text);
      if (event !== null) yield event;
    }
  } catch (error) {
    if (error instanceof LakeReadError) throw error;
    decoder.report(
      isZlibError(error) ? 'gzip' : 'read',
      decoder.lines + 1,
      `${isZlibError(error) ? 'gzip stream broken' : 'read failed'} after ${decoder.lines} lines: ${errorMessage(error)}`,
    );
  } finally {
    // Also when the consumer stops early: release the connection.
    gunzip.destroy();
    body.destroy();
  }
}

/** Reads a whole object into memory, collecting issues instead of throwing. */
export async function collectLakeObject(
  client: LakeS3Client,
  bucket: string,
  key: string,
  options: Omit<LakeReadOptions, 'onIssue'> = {},
): Promise<DecodedLakeObject> {
  const events: ReplicaNeutralEnvelope[] = [];
  const issues: LakeReadIssue[] = [];
  const onIssue = (issue: LakeReadIssue): void => {
    issues.push(issue);
  };
  for await (const event of readLakeObject(client, bucket, key, { ...options, onIssue })) {
    events.push(event);
  }
  return { events, issues };
}

/**
 * Decodes an object already in memory (the writer merging partials, tools, tests). A gzip
 * failure yields no events: without streaming there is no safe prefix to keep.
 */
export function decodeLakeObject(key: string, bytes: Buffer): DecodedLakeObject {
  const events: ReplicaNeutralEnvelope[] = [];
  const issues: LakeReadIssue[] = [];
  const decoder = decoderFor(key, (issue) => issues.push(issue));
  let text: Buffer;
  try {
    text = gunzipSync(bytes);
  } catch (error) {
    decoder.report('gzip', null, `not a valid gzip object: ${errorMessage(error)}`);
    return { events, issues };
  }
  for (const line of splitLinesSync(text)) {
    const event = decoder.decode(line);
    if (event !== null) events.push(event);
  }
  return { events, issues };
}
