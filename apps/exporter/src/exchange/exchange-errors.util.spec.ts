import { errorMessage, isNotFound, isTransientExchangeError } from './exchange-errors.util';

function awsError(name: string, status?: number): Error {
  const error = new Error(`${name} happened`);
  error.name = name;
  return Object.assign(
    error,
    status === undefined ? {} : { $metadata: { httpStatusCode: status } },
  );
}

describe('exchange error classification', () => {
  it('waits out throttling, the export limit, server errors and network failures', () => {
    expect(isTransientExchangeError(awsError('ThrottlingException', 429))).toBe(true);
    expect(isTransientExchangeError(awsError('ServiceLimitExceededException', 402))).toBe(true);
    expect(isTransientExchangeError(awsError('InternalServerException', 500))).toBe(true);
    expect(isTransientExchangeError(awsError('SomethingNew', 503))).toBe(true);
    expect(
      isTransientExchangeError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
  });

  it('counts refusals of the export itself as failed attempts', () => {
    expect(isTransientExchangeError(awsError('ValidationException', 400))).toBe(false);
    expect(isTransientExchangeError(awsError('AccessDeniedException', 403))).toBe(false);
    expect(isTransientExchangeError(awsError('ResourceNotFoundException', 404))).toBe(false);
    expect(isTransientExchangeError(new Error('plain'))).toBe(false);
  });

  it('names the AWS error in the message once and recognises not-found', () => {
    expect(errorMessage(awsError('ValidationException', 400))).toBe('ValidationException happened');
    const plain = awsError('AccessDeniedException');
    plain.message = 'No access';
    expect(errorMessage(plain)).toBe('AccessDeniedException: No access');
    expect(errorMessage('text')).toBe('text');
    expect(isNotFound(awsError('ResourceNotFoundException', 404))).toBe(true);
    expect(isNotFound(awsError('ConflictException', 409))).toBe(false);
  });
});
