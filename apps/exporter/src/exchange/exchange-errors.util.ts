/** The AWS error name (`ThrottlingException`, ...) of an SDK error, if it is one. */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error && error.name !== 'Error' ? error.name : undefined;
}

const BACK_OFF = new Set([
  'ThrottlingException',
  'ServiceLimitExceededException',
  'InternalServerException',
]);

/**
 * Errors that say "not now" rather than "this export is wrong": throttling, the limit of
 * concurrent revision exports per account, server errors and network failures. They are
 * retried later without using up one of the run's attempts.
 */
export function isTransientExchangeError(error: unknown): boolean {
  const name = awsErrorName(error);
  if (name && BACK_OFF.has(name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  // No HTTP answer at all: connection refused or reset, DNS, timeouts.
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+/.test(code);
}

export function isNotFound(error: unknown): boolean {
  return awsErrorName(error) === 'ResourceNotFoundException';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const name = awsErrorName(error);
    return name && !error.message.startsWith(name) ? `${name}: ${error.message}` : error.message;
  }
  return String(error);
}
