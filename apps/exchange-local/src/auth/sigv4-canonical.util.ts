import { createHash, createHmac } from 'node:crypto';

/**
 * The pieces of AWS Signature Version 4, computed from the request exactly as the client saw it.
 * Mirrors the signers of the JS SDK (@smithy/signature-v4) and botocore for non-S3 services:
 * the path is normalized and encoded a second time, query pairs are decoded then re-encoded
 * strictly (RFC 3986) and sorted, header values are trimmed with inner whitespace collapsed.
 */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const SCOPE_TERMINATOR = 'aws4_request';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

export interface ParsedAuthorization {
  readonly credential: CredentialScope;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export interface CanonicalRequestInput {
  readonly method: string;
  /** Path and query exactly as they arrived on the request line (still percent-encoded). */
  readonly rawUrl: string;
  /** Lower-case header name -> values in arrival order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
}

/** RFC 3986 encoding as AWS wants it: everything but unreserved characters is escaped. */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function canonicalUri(rawPath: string): string {
  if (rawPath === '') return '/';
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return escapeUri(`${leading}${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

export function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = equals < 0 ? part : part.slice(0, equals);
    const value = equals < 0 ? '' : part.slice(equals + 1);
    if (key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([escapeUri(decodeLenient(key)), escapeUri(decodeLenient(value))]);
  }
  pairs.sort(([ka, va], [kb, vb]) => compare(ka, kb) || compare(va, vb));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

export function canonicalHeaders(
  headers: ReadonlyMap<string, readonly string[]>,
  signedHeaders: readonly string[],
): string {
  return signedHeaders
    .map((name) => {
      const values = headers.get(name) ?? [];
      return `${name}:${values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',')}\n`;
    })
    .join('');
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const queryStart = input.rawUrl.indexOf('?');
  const rawPath = queryStart < 0 ? input.rawUrl : input.rawUrl.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : input.rawUrl.slice(queryStart + 1);
  return [
    input.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    canonicalHeaders(input.headers, input.signedHeaders),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function credentialScopeString(scope: CredentialScope): string {
  return [scope.date, scope.region, scope.service, scope.terminator].join('/');
}

export function stringToSign(amzDate: string, scope: CredentialScope, canonical: string): string {
  return [SIGV4_ALGORITHM, amzDate, credentialScopeString(scope), sha256Hex(canonical)].join('\n');
}

export function signingKey(secretAccessKey: string, scope: CredentialScope): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, scope.date);
  const kRegion = hmac(kDate, scope.region);
  const kService = hmac(kRegion, scope.service);
  return hmac(kService, scope.terminator);
}

export function signature(secretAccessKey: string, scope: CredentialScope, toSign: string): string {
  return hmac(signingKey(secretAccessKey, scope), toSign).toString('hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Parses `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dataexchange/aws4_request,
 * SignedHeaders=host;x-amz-date, Signature=<hex>`. Returns the list of missing parameters when
 * the header is incomplete, so the caller can answer like AWS does.
 */
export function parseAuthorization(
  header: string,
): ParsedAuthorization | { missing: string[] } | undefined {
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${SIGV4_ALGORITHM} `)) return undefined;
  const params = new Map<string, string>();
  for (const part of trimmed.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    params.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = params.get('Credential');
  const signedHeaders = params.get('SignedHeaders');
  const sig = params.get('Signature');
  const missing = [
    ...(credential ? [] : ['Credential']),
    ...(signedHeaders ? [] : ['SignedHeaders']),
    ...(sig ? [] : ['Signature']),
  ];
  if (!credential || !signedHeaders || !sig) return { missing };
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) return { missing: ['Credential'] };
  const [accessKeyId, date, region, service, terminator] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    credential: { accessKeyId, date, region, service, terminator },
    signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
    signature: sig.toLowerCase(),
  };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function decodeLenient(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
