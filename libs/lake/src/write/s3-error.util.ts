/** HTTP status of an AWS SDK error, when the server answered. */
export function s3StatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export function s3ErrorName(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown } | null;
  if (typeof e?.name === 'string' && e.name !== 'Error') return e.name;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.name === 'string' ? e.name : typeof error;
}

/** The conditional write lost: the object exists (`If-None-Match: *`) or changed (`If-Match`). */
export function isPreconditionFailed(error: unknown): boolean {
  return s3StatusOf(error) === 412 || s3ErrorName(error) === 'PreconditionFailed';
}

const TRANSIENT_NAMES = new Set([
  'ConditionalRequestConflict',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

/**
 * Worth retrying: the server was unreachable, overloaded, timed out or failed internally, or a
 * concurrent conditional write conflicted (409 ConditionalRequestConflict, which S3 asks to
 * retry). Client errors (403 denied, 404 no such bucket, 400 bad digest) are permanent.
 */
export function isTransientS3Error(error: unknown): boolean {
  if (s3ErrorName(error) === 'AbortError') return false;
  // Bugs and bad arguments, not the network.
  const name = s3ErrorName(error);
  if (name === 'TypeError' || name === 'RangeError') return false;
  const status = s3StatusOf(error);
  if (status !== undefined && (status >= 500 || status === 408 || status === 429)) return true;
  if (TRANSIENT_NAMES.has(s3ErrorName(error))) return true;
  // No response at all: a network failure.
  return status === undefined;
}
