import { signTransferUrl, verifyTransferSignature } from './signed-url.util';

describe('transfer signed URLs', () => {
  const now = new Date('2024-05-06T07:00:00Z');
  const expiresAt = new Date('2024-05-06T08:00:00Z');
  const url = new URL(
    signTransferUrl('http://127.0.0.1:19500', 'secret-1', {
      direction: 'import',
      jobId: 'job1',
      expiresAt,
    }),
  );
  const expires = url.searchParams.get('expires') ?? '';
  const signature = url.searchParams.get('signature') ?? '';

  it('builds a URL under /_transfer/ that verifies until it expires', () => {
    expect(url.pathname).toBe('/_transfer/import/job1');
    expect(
      verifyTransferSignature('secret-1', {
        direction: 'import',
        jobId: 'job1',
        expires,
        signature,
        now,
      }),
    ).toBe('valid');
    expect(
      verifyTransferSignature('secret-1', {
        direction: 'import',
        jobId: 'job1',
        expires,
        signature,
        now: new Date('2024-05-06T08:00:01Z'),
      }),
    ).toBe('expired');
  });

  it('rejects another job, direction, expiry or secret', () => {
    const base = { direction: 'import' as const, jobId: 'job1', expires, signature, now };
    expect(verifyTransferSignature('secret-1', { ...base, jobId: 'job2' })).toBe('invalid');
    expect(verifyTransferSignature('secret-1', { ...base, direction: 'export' })).toBe('invalid');
    expect(
      verifyTransferSignature('secret-1', { ...base, expires: String(Number(expires) + 3600) }),
    ).toBe('invalid');
    expect(verifyTransferSignature('secret-2', base)).toBe('invalid');
    expect(verifyTransferSignature('secret-1', { ...base, signature: 'zz' })).toBe('invalid');
  });
});
