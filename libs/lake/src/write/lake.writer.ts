import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { buildLakeKey, INGESTER_ID_PATTERN } from '@tickline/domain';

import type { ClosedWindow } from '../batch/minute-batcher.model';
import {
  encodeLineSet,
  type EncodedWindow,
  encodeWindow,
  type LakeBody,
} from '../encode/encode-window.util';
import { LineSet } from '../encode/line-set.model';
import { decodeLakeObject } from '../read/lake-object.reader';
import type { LakeReadIssue } from '../read/lake-read.error';
import {
  LAKE_CONTENT_TYPE,
  LAKE_FORMAT_VERSION,
  LAKE_METADATA,
} from './lake-object-metadata.constants';
import type { LakeMetricLabels, LakeWriterMetrics } from './lake-writer-metrics.interface';
import {
  type DedupVerification,
  type LakeObjectKind,
  LakeWriteError,
  type LakeWriteOutcome,
  type LakeWriteResult,
  type LakeWriterOptions,
} from './lake-writer.types';
import { errorMessage } from '../util/error-message.util';
import { isPreconditionFailed, isTransientS3Error, s3ErrorName, s3StatusOf } from './s3-error.util';

/** Rounds of read-merge-put when an earlier partial of ours changes under us. */
const MAX_MERGE_ROUNDS = 5;

interface Call {
  readonly key: string;
  readonly labels: LakeMetricLabels;
  readonly signal: AbortSignal | undefined;
  attempts: number;
}

interface StoredObject {
  readonly bytes: Buffer;
  /** As S3 sends it, quotes included (what `If-Match` takes). */
  readonly etag: string;
  readonly metadata: Readonly<Record<string, string>>;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const unquote = (etag: string | undefined): string | undefined => etag?.replace(/"/g, '');

function messageOf(error: unknown): string {
  const status = s3StatusOf(error);
  return `${s3ErrorName(error)}${status === undefined ? '' : ` (HTTP ${status})`}: ${errorMessage(error)}`;
}

/**
 * Writes closed windows to the raw lake. A complete window goes to its canonical key with
 * `If-None-Match: *`, so the first replica wins and the others get 412: a dedup hit, verified by
 * comparing the stored object with ours. A partial window goes to this ingester's partial key,
 * never the canonical one. Transient S3 errors are retried with capped exponential back-off and
 * full jitter; the returned promise settles only when the object is stored (or definitely not),
 * so a caller that awaits it before acknowledging anything never acknowledges a lost window.
 */
export class LakeWriter {
  private readonly metrics: LakeWriterMetrics;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly verifyDedup: boolean;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: LakeWriterOptions) {
    if (!INGESTER_ID_PATTERN.test(options.ingesterId)) {
      throw new Error(
        `Invalid ingester id ${JSON.stringify(options.ingesterId)}: expected 1-63 of A-Z a-z 0-9 _ -`,
      );
    }
    this.metrics = options.metrics ?? {};
    this.maxAttempts = options.retry?.maxAttempts ?? 10;
    this.baseDelayMs = options.retry?.baseDelayMs ?? 200;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 20_000;
    this.verifyDedup = options.verifyDedup ?? true;
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
    if (!(this.maxAttempts >= 1)) throw new RangeError('retry.maxAttempts must be at least 1');
  }

  /** Encodes (gzip in the thread pool) and stores a closed window. */
  async write(
    window: ClosedWindow,
    options: { signal?: AbortSignal } = {},
  ): Promise<LakeWriteResult> {
    return this.put(await encodeWindow(window), options);
  }

  /** Stores an encoded window. */
  async put(
    encoded: EncodedWindow,
    options: { signal?: AbortSignal } = {},
  ): Promise<LakeWriteResult> {
    const { window } = encoded;
    const kind: LakeObjectKind = window.complete ? 'canonical' : 'partial';
    const key = buildLakeKey({
      ...window.stream,
      windowStartUs: window.startUs,
      ...(kind === 'partial' ? { partial: { ingesterId: this.options.ingesterId } } : {}),
    });
    const { system, type, venue } = window.stream;
    const call: Call = {
      key,
      labels: { system, type, venue, kind },
      signal: options.signal,
      attempts: 0,
    };
    const metadata = this.metadataOf(encoded, kind);
    const result = (
      outcome: LakeWriteOutcome,
      extra: Partial<LakeWriteResult> = {},
    ): LakeWriteResult => ({
      key,
      kind,
      outcome,
      bytes: encoded.body.length,
      events: encoded.eventCount,
      attempts: call.attempts,
      window,
      ...extra,
    });

    if (await this.putConditional(call, encoded, metadata, { IfNoneMatch: '*' }, 'created')) {
      this.metrics.windowWritten?.(call.labels, encoded.body.length, encoded.eventCount);
      if (kind === 'partial') this.metrics.partialWindow?.(call.labels);
      return result('created');
    }
    if (kind === 'canonical') {
      const verification = this.verifyDedup ? await this.verify(call, encoded) : 'unverified';
      this.metrics.dedupHit?.(call.labels, verification);
      if (verification === 'diverged') this.metrics.divergence?.(call.labels);
      return result('exists', { verification });
    }
    return this.mergePartial(call, encoded, metadata, result);
  }

  private metadataOf(encoded: EncodedWindow, kind: LakeObjectKind): Record<string, string> {
    const { window } = encoded;
    return {
      [LAKE_METADATA.format]: LAKE_FORMAT_VERSION,
      [LAKE_METADATA.contentSha256]: encoded.contentSha256,
      [LAKE_METADATA.events]: String(encoded.eventCount),
      [LAKE_METADATA.writer]: this.options.ingesterId,
      [LAKE_METADATA.kind]: kind,
      [LAKE_METADATA.receiveLag]: `${window.receiveLagMinUs}..${window.receiveLagMaxUs}`,
      ...(kind === 'partial'
        ? { [LAKE_METADATA.partialReasons]: window.partialReasons.join(',') }
        : {}),
    };
  }

  /** One S3 call with retries on transient errors; other errors (and 412) are thrown as they are. */
  private async withRetries<T>(call: Call, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      call.signal?.throwIfAborted();
      call.attempts++;
      try {
        return await operation();
      } catch (error) {
        if (
          isPreconditionFailed(error) ||
          !isTransientS3Error(error) ||
          attempt >= this.maxAttempts
        ) {
          throw error;
        }
        this.metrics.putRetry?.(call.labels, s3ErrorName(error));
        const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        await this.sleep(Math.floor(this.random() * ceiling), call.signal);
      }
    }
  }

  /** True when stored, false on 412; throws `LakeWriteError` on any other failure. */
  private async putConditional(
    call: Call,
    object: LakeBody,
    metadata: Record<string, string>,
    condition: Pick<PutObjectCommandInput, 'IfNoneMatch' | 'IfMatch'>,
    outcome: 'created' | 'merged',
  ): Promise<boolean> {
    const command = new PutObjectCommand({
      Bucket: this.options.bucket,
      Key: call.key,
      Body: object.body,
      ContentType: LAKE_CONTENT_TYPE,
      // The server checks the body against it: a corrupted upload fails instead of being stored.
      ContentMD5: Buffer.from(object.md5Hex, 'hex').toString('base64'),
      Metadata: metadata,
      ...condition,
    });
    try {
      await this.withRetries(call, async () => {
        const started = performance.now();
        try {
          await this.options.client.send(
            command,
            call.signal === undefined ? {} : { abortSignal: call.signal },
          );
          this.metrics.putLatency?.(call.labels, (performance.now() - started) / 1000, outcome);
        } catch (error) {
          const seconds = (performance.now() - started) / 1000;
          this.metrics.putLatency?.(
            call.labels,
            seconds,
            isPreconditionFailed(error) ? 'exists' : 'error',
          );
          throw error;
        }
      });
      return true;
    } catch (error) {
      if (isPreconditionFailed(error)) return false;
      throw new LakeWriteError(
        call.key,
        call.attempts,
        `Could not write lake object ${call.key} after ${call.attempts} attempt(s): ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  /** The stored object, or null when there is none. */
  private async fetch(call: Call): Promise<StoredObject | null> {
    try {
      return await this.withRetries(call, async () => {
        const response = await this.options.client.send(
          new GetObjectCommand({ Bucket: this.options.bucket, Key: call.key }),
          call.signal === undefined ? {} : { abortSignal: call.signal },
        );
        if (response.Body === undefined) throw new Error('the response has no body');
        return {
          bytes: Buffer.from(await response.Body.transformToByteArray()),
          etag: response.ETag ?? '',
          metadata: response.Metadata ?? {},
        };
      });
    } catch (error) {
      if (s3StatusOf(error) === 404 || s3ErrorName(error) === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** Compares the object that won the canonical key with ours. Never throws. */
  private async verify(call: Call, ours: LakeBody): Promise<DedupVerification> {
    try {
      const head = await this.withRetries(call, () =>
        this.options.client.send(
          new HeadObjectCommand({ Bucket: this.options.bucket, Key: call.key }),
          call.signal === undefined ? {} : { abortSignal: call.signal },
        ),
      );
      if (unquote(head.ETag) === ours.md5Hex) return 'identical';
      const theirs = head.Metadata?.[LAKE_METADATA.contentSha256];
      if (theirs !== undefined) return theirs === ours.contentSha256 ? 'same-content' : 'diverged';
      // No content hash recorded (written by something else): compare the content itself.
      const stored = await this.fetch(call);
      if (stored === null) return 'unverified';
      let text: Buffer;
      try {
        text = gunzipSync(stored.bytes);
      } catch {
        return 'diverged';
      }
      const sha = createHash('sha256').update(text).digest('hex');
      return sha === ours.contentSha256 ? 'same-content' : 'diverged';
    } catch {
      return 'unverified';
    }
  }

  /**
   * Our partial key is taken: an earlier run of this ingester (restarted within the minute)
   * wrote the window's other part, or our own earlier attempt got through. Keep both: the union
   * of the two objects' lines, each line as often as the object that has it more often (so a
   * repeated write adds nothing), stored with `If-Match` on what we read.
   */
  private async mergePartial(
    call: Call,
    ours: EncodedWindow,
    metadata: Record<string, string>,
    result: (outcome: LakeWriteOutcome, extra?: Partial<LakeWriteResult>) => LakeWriteResult,
  ): Promise<LakeWriteResult> {
    for (let round = 0; round < MAX_MERGE_ROUNDS; round++) {
      const stored = await this.fetch(call).catch((error: unknown) => {
        throw new LakeWriteError(
          call.key,
          call.attempts,
          `Could not read ${call.key} to merge it: ${messageOf(error)}`,
          {
            cause: error,
          },
        );
      });
      if (stored === null) {
        if (await this.putConditional(call, ours, metadata, { IfNoneMatch: '*' }, 'created')) {
          this.metrics.windowWritten?.(call.labels, ours.body.length, ours.eventCount);
          this.metrics.partialWindow?.(call.labels);
          return result('created');
        }
        continue;
      }
      if (unquote(stored.etag) === ours.md5Hex)
        return result('exists', { verification: 'identical' });
      if (stored.metadata[LAKE_METADATA.contentSha256] === ours.contentSha256) {
        return result('exists', { verification: 'same-content' });
      }
      const merged = await mergeObjects(call.key, stored.bytes, ours.body);
      if (merged.added === 0 && merged.issues.length === 0) {
        return result('exists', { verification: 'same-content' });
      }
      // The receive lag described our part only.
      const { [LAKE_METADATA.receiveLag]: _lag, ...kept } = metadata;
      const mergedMetadata = {
        ...kept,
        [LAKE_METADATA.contentSha256]: merged.body.contentSha256,
        [LAKE_METADATA.events]: String(merged.body.eventCount),
        [LAKE_METADATA.merged]: 'true',
      };
      if (
        await this.putConditional(
          call,
          merged.body,
          mergedMetadata,
          { IfMatch: stored.etag },
          'merged',
        )
      ) {
        this.metrics.windowWritten?.(call.labels, merged.body.body.length, merged.body.eventCount);
        this.metrics.partialWindow?.(call.labels);
        return result('merged', {
          bytes: merged.body.body.length,
          events: merged.body.eventCount,
          mergeIssues: merged.issues,
        });
      }
    }
    throw new LakeWriteError(
      call.key,
      call.attempts,
      `Gave up merging lake object ${call.key}: it changed during ${MAX_MERGE_ROUNDS} rounds`,
    );
  }
}

interface MergedObjects {
  readonly body: LakeBody;
  /** Lines of ours that the stored object did not have. */
  readonly added: number;
  readonly issues: readonly LakeReadIssue[];
}

async function mergeObjects(key: string, stored: Buffer, ours: Buffer): Promise<MergedObjects> {
  const theirs = decodeLakeObject(key, stored);
  const mine = decodeLakeObject(key, ours);
  const merged = new LineSet();
  const budget = new Map<string, number>();
  for (const event of theirs.events) {
    merged.add(event);
    const line = merged.lineAt(merged.size - 1);
    budget.set(line, (budget.get(line) ?? 0) + 1);
  }
  const mineSet = new LineSet();
  let added = 0;
  for (const event of mine.events) {
    mineSet.add(event);
    const index = mineSet.size - 1;
    const line = mineSet.lineAt(index);
    const left = budget.get(line) ?? 0;
    if (left > 0) {
      budget.set(line, left - 1);
    } else {
      merged.copyFrom(mineSet, index);
      added++;
    }
  }
  return { body: await encodeLineSet(merged), added, issues: [...theirs.issues, ...mine.issues] };
}
