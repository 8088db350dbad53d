import { AwsError } from './aws-error.exception';
import { parseJsonBody } from './raw-body.middleware';

describe('parseJsonBody', () => {
  it('parses JSON and treats an empty body as absent', () => {
    expect(parseJsonBody(Buffer.from('{"Name":"x"}'))).toEqual({ Name: 'x' });
    expect(parseJsonBody(Buffer.alloc(0))).toBeUndefined();
    expect(parseJsonBody(Buffer.from('  \n'))).toBeUndefined();
  });

  it('turns malformed JSON into a SerializationException', () => {
    expect(() => parseJsonBody(Buffer.from('{"Name":'))).toThrow(AwsError);
    try {
      parseJsonBody(Buffer.from('{"Name":'));
    } catch (error) {
      expect((error as AwsError).code).toBe('SerializationException');
    }
  });
});
