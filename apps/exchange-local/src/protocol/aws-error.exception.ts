/**
 * Exception names the service can answer with. The modelled ones come from the Data Exchange and
 * Marketplace Catalog models; the protocol-level ones (signature, routing, body) are the names the
 * AWS front end uses for any restJson1 service.
 */
export const AWS_ERROR_CODES = [
  'AccessDeniedException',
  'ConflictException',
  'IncompleteSignatureException',
  'InternalServerException',
  'InternalServiceException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'RequestEntityTooLargeException',
  'ResourceInUseException',
  'ResourceNotFoundException',
  'ResourceNotSupportedException',
  'SerializationException',
  'ServiceLimitExceededException',
  'ServiceQuotaExceededException',
  'ThrottlingException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'ValidationException',
] as const;
export type AwsErrorCode = (typeof AWS_ERROR_CODES)[number];

/** `ResourceType` values of the Data Exchange `ResourceNotFoundException` / `ConflictException`. */
export type AdxResourceType =
  'ASSET' | 'DATA_GRANT' | 'DATA_SET' | 'EVENT_ACTION' | 'JOB' | 'REVISION';

/** `LimitName` values used by this service, spelled exactly as in the Data Exchange model. */
export type AdxLimitName =
  | 'Asset per export job from Amazon S3'
  | 'Asset size in GB'
  | 'Assets per import job from Amazon S3'
  | 'Assets per revision'
  | 'Auto export event actions per data set'
  | 'Concurrent in progress jobs to export assets to a signed URL'
  | 'Concurrent in progress jobs to export assets to Amazon S3'
  | 'Concurrent in progress jobs to export revisions to Amazon S3'
  | 'Concurrent in progress jobs to import assets from a signed URL'
  | 'Concurrent in progress jobs to import assets from Amazon S3'
  | 'Data sets per account'
  | 'Event actions per account'
  | 'Revisions per data set';

/**
 * An error answered to the caller in the AWS envelope. `members` are the exception's modelled
 * members besides `Message` and go into the JSON body verbatim.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';

  constructor(
    readonly code: AwsErrorCode,
    message: string,
    readonly members: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}

export const awsErrors = {
  accessDenied: (message: string) => new AwsError('AccessDeniedException', message),
  conflict: (message: string, resourceType: AdxResourceType, resourceId: string) =>
    new AwsError('ConflictException', message, {
      ResourceId: resourceId,
      ResourceType: resourceType,
    }),
  incompleteSignature: (message: string) => new AwsError('IncompleteSignatureException', message),
  internal: () => new AwsError('InternalServerException', 'An internal error occurred.'),
  invalidSignature: (message: string) => new AwsError('InvalidSignatureException', message),
  missingAuthenticationToken: () =>
    new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  requestEntityTooLarge: (limitBytes?: number) =>
    new AwsError(
      'RequestEntityTooLargeException',
      limitBytes === undefined
        ? 'Request body is too large.'
        : `Request body is larger than ${limitBytes} bytes.`,
    ),
  resourceInUse: (message: string) => new AwsError('ResourceInUseException', message),
  resourceNotFound: (resourceType: AdxResourceType, resourceId: string, message?: string) =>
    new AwsError(
      'ResourceNotFoundException',
      message ?? `${resourceTypeLabel(resourceType)} ${resourceId} not found.`,
      {
        ResourceId: resourceId,
        ResourceType: resourceType,
      },
    ),
  catalogResourceNotFound: (message: string) => new AwsError('ResourceNotFoundException', message),
  resourceNotSupported: (message: string) => new AwsError('ResourceNotSupportedException', message),
  serialization: (message: string) => new AwsError('SerializationException', message),
  serviceLimitExceeded: (limitName: AdxLimitName, limitValue: number, message?: string) =>
    new AwsError(
      'ServiceLimitExceededException',
      message ?? `The limit "${limitName}" (${limitValue}) has been exceeded.`,
      { LimitName: limitName, LimitValue: limitValue },
    ),
  serviceQuotaExceeded: (message: string) => new AwsError('ServiceQuotaExceededException', message),
  throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
  unknownOperation: (method: string, path: string) =>
    new AwsError('UnknownOperationException', `No operation matches ${method} ${path}.`),
  unrecognizedClient: () =>
    new AwsError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    ),
  validation: (message: string, exceptionCause?: 'InsufficientS3BucketPolicy' | 'S3AccessDenied') =>
    new AwsError(
      'ValidationException',
      message,
      exceptionCause ? { ExceptionCause: exceptionCause } : {},
    ),
} as const;

function resourceTypeLabel(resourceType: AdxResourceType): string {
  const words = resourceType.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
