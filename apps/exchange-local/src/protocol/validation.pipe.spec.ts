import { z } from 'zod';

import { AwsError } from './aws-error.exception';
import { validate } from './validation.pipe';

const createDataSet = z.object({
  AssetType: z.enum(['S3_SNAPSHOT', 'API_GATEWAY_API']),
  Description: z.string().max(16384),
  Name: z.string().min(1).max(256),
});

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError && error.code === 'ValidationException') return error.message;
    throw error;
  }
  throw new Error('expected a ValidationException');
}

describe('ZodValidationPipe', () => {
  const pipe = validate(createDataSet);

  it('passes valid input through, typed', () => {
    expect(pipe.transform({ AssetType: 'S3_SNAPSHOT', Description: 'd', Name: 'n' })).toEqual({
      AssetType: 'S3_SNAPSHOT',
      Description: 'd',
      Name: 'n',
    });
  });

  it('lists every violated constraint in the AWS wording', () => {
    expect(messageOf(() => pipe.transform({ AssetType: 'CSV', Name: 'x'.repeat(300) }))).toBe(
      "3 validation errors detected: Value 'CSV' at 'AssetType' failed to satisfy constraint: Member must satisfy enum value set: [S3_SNAPSHOT, API_GATEWAY_API]; " +
        "Value null at 'Description' failed to satisfy constraint: Member must not be null; " +
        `Value '${'x'.repeat(64)}...' at 'Name' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });

  it('reports a missing body as one error about the request', () => {
    expect(messageOf(() => pipe.transform(undefined))).toBe(
      '1 validation error detected: Value null at the request failed to satisfy constraint: Member must not be null',
    );
  });
});
