import type { S3Client } from '@aws-sdk/client-s3';

import type { WindowInfo } from '../batch/minute-batcher.types';
import type { LakeReadIssue } from '../read/lake-read.error';
import type { LakeWriterMetrics } from './lake-writer-metrics.interface';

/** `canonical`: the window's shared key. `partial`: this ingester's own key for the window. */
export type LakeObjectKind = 'canonical' | 'partial';

/**
 * - `created`: our put created the object.
 * - `exists`: the object was already there (canonical: another replica won; partial: our own
 *   earlier write of the same content). For the canonical key this is the dedup hit.
 * - `merged`: an earlier partial of this ingester (a restart within the minute) held other
 *   events; the object now holds both.
 */
export type LakeWriteOutcome = 'created' | 'exists' | 'merged';

/**
 * How an existing object compares with ours:
 * - `identical`: same bytes (ETag = our MD5), the normal dedup hit;
 * - `same-content`: same NDJSON, other compression (e.g. another zlib build on that replica);
 * - `diverged`: other events: the replicas disagree about the window (alert);
 * - `unverified`: the check could not be made (disabled, or the object could not be read).
 */
export type DedupVerification = 'identical' | 'same-content' | 'diverged' | 'unverified';

export interface LakeRetryOptions {
  /** Attempts per S3 call, the first included. Default 10 (at most about a minute of back-off). */
  readonly maxAttempts?: number;
  /** First back-off (ms), doubled per attempt, with full jitter. Default 200. */
  readonly baseDelayMs?: number;
  /** Back-off cap (ms). Default 20,000. */
  readonly maxDelayMs?: number;
}

export interface LakeWriterOptions {
  readonly client: Pick<S3Client, 'send'>;
  readonly bucket: string;
  /** This ingester's id: names its partial objects and is recorded as the writer. */
  readonly ingesterId: string;
  readonly metrics?: LakeWriterMetrics;
  readonly retry?: LakeRetryOptions;
  /** On a dedup hit, compare the existing object with ours (one HEAD). Default true. */
  readonly verifyDedup?: boolean;
  /** Test seams for the back-off. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export interface LakeWriteResult {
  readonly key: string;
  readonly kind: LakeObjectKind;
  readonly outcome: LakeWriteOutcome;
  /** For `exists`. */
  readonly verification?: DedupVerification;
  /** Compressed bytes of our object (of the merged one for `merged`). */
  readonly bytes: number;
  /** Events in our object (in the merged one for `merged`). */
  readonly events: number;
  /** S3 calls made, retries included. */
  readonly attempts: number;
  /** The window as closed: partial reasons and gaps for the alert. */
  readonly window: WindowInfo;
  /** For `merged`: problems reading the earlier partial (its unreadable lines are lost). */
  readonly mergeIssues?: readonly LakeReadIssue[];
}

/** A put that did not succeed: permanent S3 error, or retries exhausted. Nothing was stored. */
export class LakeWriteError extends Error {
  override readonly name = 'LakeWriteError';

  constructor(
    readonly key: string,
    readonly attempts: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
