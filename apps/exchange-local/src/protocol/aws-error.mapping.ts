import { HttpException } from '@nestjs/common';

import type { AwsApi } from './aws-api.util';
import { AwsError, type AwsErrorCode, awsErrors } from './aws-error.exception';

/**
 * The one place where errors become HTTP responses. Status codes follow each API's model: the same
 * exception name can carry different codes (ValidationException is 400 in Data Exchange and 422
 * in the Catalog), and some names exist in one API only.
 */
const MODELLED_STATUS: Readonly<Record<AwsApi, Partial<Record<AwsErrorCode, number>>>> = {
  dataexchange: {
    AccessDeniedException: 403,
    ConflictException: 409,
    InternalServerException: 500,
    ResourceNotFoundException: 404,
    ServiceLimitExceededException: 402,
    ThrottlingException: 429,
    ValidationException: 400,
  },
  catalog: {
    AccessDeniedException: 403,
    InternalServiceException: 500,
    ResourceInUseException: 423,
    ResourceNotFoundException: 404,
    ResourceNotSupportedException: 415,
    ServiceQuotaExceededException: 402,
    ThrottlingException: 429,
    ValidationException: 422,
  },
};

/** Errors of the AWS front end, identical for every restJson1 service. */
const PROTOCOL_STATUS: Partial<Record<AwsErrorCode, number>> = {
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  RequestEntityTooLargeException: 413,
  SerializationException: 400,
  UnknownOperationException: 404,
  UnrecognizedClientException: 403,
};

/** Same meaning, different name per API. */
const API_SPELLING: Readonly<Record<AwsApi, Partial<Record<AwsErrorCode, AwsErrorCode>>>> = {
  dataexchange: {
    InternalServiceException: 'InternalServerException',
    ServiceQuotaExceededException: 'ServiceLimitExceededException',
  },
  catalog: {
    InternalServerException: 'InternalServiceException',
    ServiceLimitExceededException: 'ServiceQuotaExceededException',
  },
};

export interface AwsErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** True when the error was not an intended answer and deserves a log line with its stack. */
  readonly unexpected: boolean;
}

export interface AwsErrorContext {
  readonly api: AwsApi;
  readonly method: string;
  readonly path: string;
  readonly requestId: string;
}

export function toAwsErrorResponse(error: unknown, context: AwsErrorContext): AwsErrorResponse {
  const { error: awsError, unexpected } = asAwsError(error, context);
  const code = API_SPELLING[context.api][awsError.code] ?? awsError.code;
  const status = MODELLED_STATUS[context.api][code] ?? PROTOCOL_STATUS[code];
  if (status === undefined) {
    // A service threw an exception that the API it answers for does not model: a bug, not an answer.
    return { ...toAwsErrorResponse(awsErrors.internal(), context), unexpected: true };
  }
  const body: Record<string, unknown> = { ...awsError.members, Message: awsError.message };
  if (context.api === 'catalog') body['RequestId'] = context.requestId;
  return {
    status,
    headers: { 'x-amzn-ErrorType': code, 'x-amzn-RequestId': context.requestId },
    body,
    unexpected,
  };
}

function asAwsError(
  error: unknown,
  context: AwsErrorContext,
): { error: AwsError; unexpected: boolean } {
  if (error instanceof AwsError) return { error, unexpected: false };
  if (error instanceof HttpException) {
    // Nest raises these for requests that matched no route (404) or that express rejected.
    const status = error.getStatus();
    if (status === 404 || status === 405) {
      return { error: awsErrors.unknownOperation(context.method, context.path), unexpected: false };
    }
    if (status === 413) return { error: awsErrors.requestEntityTooLarge(), unexpected: false };
    if (status < 500) return { error: awsErrors.serialization(error.message), unexpected: false };
  }
  return { error: awsErrors.internal(), unexpected: true };
}
