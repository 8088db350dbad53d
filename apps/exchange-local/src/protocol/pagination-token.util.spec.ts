import { AwsError } from './aws-error.exception';
import { PaginationTokenCodec } from './pagination-token.util';

const cursor = { key: '2024-01-02T03:04:05.678Z', id: '0123456789abcdef0123456789abcdef' };

function rejection(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('PaginationTokenCodec', () => {
  const codec = new PaginationTokenCodec('a-secret-of-sufficient-length');

  it('round-trips a cursor for the same list', () => {
    const token = codec.encode('ListDataSets|111111111111|OWNED', cursor);
    expect(codec.decode('ListDataSets|111111111111|OWNED', token)).toEqual(cursor);
    expect(token).not.toContain(cursor.id);
  });

  it('rejects a token replayed against another list or caller', () => {
    const token = codec.encode('ListDataSets|111111111111|OWNED', cursor);
    expect(rejection(() => codec.decode('ListDataSets|222222222222|OWNED', token))).toBe(
      'ValidationException',
    );
  });

  it('rejects tampered, truncated and foreign tokens', () => {
    const token = codec.encode('s', cursor);
    const [payload, sig] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...cursor, id: 'other' })).toString('base64url');
    expect(rejection(() => codec.decode('s', `${forged}.${sig}`))).toBe('ValidationException');
    expect(rejection(() => codec.decode('s', payload))).toBe('ValidationException');
    expect(rejection(() => codec.decode('s', 'garbage'))).toBe('ValidationException');
    const other = new PaginationTokenCodec('another-secret-of-sufficient-length');
    expect(rejection(() => codec.decode('s', other.encode('s', cursor)))).toBe(
      'ValidationException',
    );
  });
});
