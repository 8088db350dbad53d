import { createHmac, timingSafeEqual } from 'node:crypto';

export type TransferDirection = 'export' | 'import';

/** Signed URLs live one hour, like the real service's. */
export const SIGNED_URL_TTL_MS = 60 * 60 * 1000;

export const TRANSFER_PATH_PREFIX = '/_transfer/';

/**
 * Signed URLs for the two signed-URL job types: the job id, the direction and the expiry, bound
 * by an HMAC with the service's secret, so only the job's creator (who got the URL) can use it.
 */
export function signTransferUrl(
  baseUrl: string,
  secret: string,
  input: { direction: TransferDirection; jobId: string; expiresAt: Date },
): string {
  const expires = Math.floor(input.expiresAt.getTime() / 1000);
  const signature = transferSignature(secret, input.direction, input.jobId, expires);
  return `${baseUrl}${TRANSFER_PATH_PREFIX}${input.direction}/${input.jobId}?expires=${expires}&signature=${signature}`;
}

export function verifyTransferSignature(
  secret: string,
  input: {
    direction: TransferDirection;
    jobId: string;
    expires: string;
    signature: string;
    now: Date;
  },
): 'expired' | 'invalid' | 'valid' {
  if (!/^\d{1,12}$/.test(input.expires) || !/^[0-9a-f]{64}$/.test(input.signature))
    return 'invalid';
  const expires = Number(input.expires);
  const expected = Buffer.from(
    transferSignature(secret, input.direction, input.jobId, expires),
    'hex',
  );
  if (!timingSafeEqual(expected, Buffer.from(input.signature, 'hex'))) return 'invalid';
  return expires * 1000 < input.now.getTime() ? 'expired' : 'valid';
}

function transferSignature(
  secret: string,
  direction: TransferDirection,
  jobId: string,
  expires: number,
): string {
  return createHmac('sha256', `transfer:${secret}`)
    .update(`${direction}\n${jobId}\n${expires}`)
    .digest('hex');
}
