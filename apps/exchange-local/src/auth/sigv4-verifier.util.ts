import { timingSafeEqual } from 'node:crypto';

import { awsErrors } from '../protocol/aws-error.exception';

import {
  canonicalRequest,
  parseAuthorization,
  SCOPE_TERMINATOR,
  sha256Hex,
  signature,
  stringToSign,
  UNSIGNED_PAYLOAD,
} from './sigv4-canonical.util';

export interface SignedRequest {
  readonly method: string;
  /** Path and query exactly as they arrived (still percent-encoded). */
  readonly rawUrl: string;
  /** Node's `rawHeaders`: alternating names and values, duplicates kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer | undefined;
}

export interface SigV4Expectations {
  /** Signing name the credential scope must carry (`dataexchange` or `aws-marketplace`). */
  readonly service: string;
  readonly regions: readonly string[];
  readonly now: Date;
  readonly maxSkewMs: number;
  /** Secret of an access key id, or undefined when the key is unknown. */
  readonly secretOf: (accessKeyId: string) => string | undefined;
}

export interface VerifiedCaller {
  readonly accessKeyId: string;
}

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Verifies a SigV4 `Authorization` header by recomputing the canonical request, the string to
 * sign and the signature with the caller's configured secret. Throws the AWS-style 403 errors:
 * MissingAuthenticationToken (no header), IncompleteSignature (header lacks parts),
 * UnrecognizedClient (unknown access key), InvalidSignature (wrong scope, stale date, mismatch).
 */
export function verifySigV4(request: SignedRequest, expect: SigV4Expectations): VerifiedCaller {
  const headers = headerMap(request.rawHeaders);
  const authorization = headers.get('authorization')?.[0];
  if (!authorization) throw awsErrors.missingAuthenticationToken();
  const parsed = parseAuthorization(authorization);
  if (!parsed) {
    throw awsErrors.incompleteSignature(
      "Authorization header requires the 'AWS4-HMAC-SHA256' algorithm with 'Credential', 'SignedHeaders' and 'Signature' parameters.",
    );
  }
  if ('missing' in parsed) {
    throw awsErrors.incompleteSignature(
      parsed.missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
    );
  }
  const { credential, signedHeaders } = parsed;

  if (credential.terminator !== SCOPE_TERMINATOR) {
    throw awsErrors.invalidSignature(
      `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${credential.terminator}'.`,
    );
  }
  if (credential.service !== expect.service) {
    throw awsErrors.invalidSignature(
      `Credential should be scoped to correct service: '${expect.service}'.`,
    );
  }
  if (!expect.regions.includes(credential.region)) {
    throw awsErrors.invalidSignature('Credential should be scoped to a valid region.');
  }
  if (!signedHeaders.includes('host')) {
    throw awsErrors.invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const amzDate = headers.get('x-amz-date')?.[0];
  if (!amzDate) {
    throw awsErrors.incompleteSignature(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) throw awsErrors.incompleteSignature(`Invalid X-Amz-Date '${amzDate}'.`);
  if (credential.date !== amzDate.slice(0, 8)) {
    throw awsErrors.invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${credential.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  checkSkew(signedAt, amzDate, expect);

  const secret = expect.secretOf(credential.accessKeyId);
  if (secret === undefined) throw awsErrors.unrecognizedClient();

  const payloadHash = payloadHashOf(headers, request.body);
  const canonical = canonicalRequest({
    method: request.method,
    rawUrl: request.rawUrl,
    headers,
    signedHeaders,
    payloadHash,
  });
  const expected = Buffer.from(
    signature(secret, credential, stringToSign(amzDate, credential, canonical)),
    'hex',
  );
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw awsErrors.invalidSignature(SIGNATURE_MISMATCH);
  }
  return { accessKeyId: credential.accessKeyId };
}

function payloadHashOf(
  headers: ReadonlyMap<string, readonly string[]>,
  body: Buffer | undefined,
): string {
  const actual = sha256Hex(body ?? Buffer.alloc(0));
  const declared = headers.get('x-amz-content-sha256')?.[0];
  if (declared === undefined || declared === UNSIGNED_PAYLOAD) return declared ?? actual;
  if (declared.toLowerCase() !== actual) {
    throw awsErrors.invalidSignature(
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  return declared;
}

function checkSkew(signedAt: Date, amzDate: string, expect: SigV4Expectations): void {
  const skew = signedAt.getTime() - expect.now.getTime();
  const now = formatAmzDate(expect.now);
  const minutes = expect.maxSkewMs / 60_000;
  if (skew < -expect.maxSkewMs) {
    throw awsErrors.invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(expect.now.getTime() - expect.maxSkewMs))} (${now} - ${minutes} min.)`,
    );
  }
  if (skew > expect.maxSkewMs) {
    throw awsErrors.invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(expect.now.getTime() + expect.maxSkewMs))} (${now} + ${minutes} min.)`,
    );
  }
}

export function headerMap(rawHeaders: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const values = map.get(name);
    if (values) values.push(rawHeaders[i + 1] as string);
    else map.set(name, [rawHeaders[i + 1] as string]);
  }
  return map;
}

/** `YYYYMMDDTHHMMSSZ` -> Date, or undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range parts (month 13); a real timestamp formats back to itself.
  return formatAmzDate(date) === value ? date : undefined;
}

export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
