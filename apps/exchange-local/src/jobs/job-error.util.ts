import { s3ErrorName, s3StatusOf } from '../storage/object-store.service';

import type { JobError } from './jobs.schemas';

/** Describes a failed S3 transfer as a JobError, without internal details. */
export function s3JobError(error: unknown, location: { bucket: string; key: string }): JobError {
  const name = s3ErrorName(error);
  const status = s3StatusOf(error);
  const where = `s3://${location.bucket}/${location.key}`;
  if (name === 'NoSuchBucket') {
    return {
      Code: 'RESOURCE_NOT_FOUND_EXCEPTION',
      Message: `Bucket ${location.bucket} does not exist.`,
    };
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return { Code: 'RESOURCE_NOT_FOUND_EXCEPTION', Message: `Object ${where} does not exist.` };
  }
  if (name === 'AccessDenied' || status === 403) {
    return { Code: 'ACCESS_DENIED_EXCEPTION', Message: `Access to ${where} was denied.` };
  }
  return {
    Code: 'INTERNAL_SERVER_EXCEPTION',
    Message: `Transferring ${where} failed${name ? ` (${name})` : ''}.`,
  };
}
