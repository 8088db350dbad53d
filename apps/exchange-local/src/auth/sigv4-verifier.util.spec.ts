import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

import { AwsError } from '../protocol/aws-error.exception';

import { type SignedRequest, type SigV4Expectations, verifySigV4 } from './sigv4-verifier.util';

const ACCESS_KEY_ID = 'AKIAEXCHANGETEST0001';
const SECRET = 'test-secret-for-signature-checks-only';
const NOW = new Date('2024-05-06T07:08:09.000Z');

/** Signs with the JS SDK's own signer, then hands the verifier what a server would receive. */
async function signedBySdk(
  init: { method: string; path: string; query?: Record<string, string | string[]>; body?: string },
  options: { service?: string; region?: string; secret?: string; date?: Date } = {},
): Promise<SignedRequest> {
  const request = new HttpRequest({
    method: init.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 19500,
    path: init.path,
    query: init.query ?? {},
    headers: {
      host: '127.0.0.1:19500',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: options.secret ?? SECRET },
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'dataexchange',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request, { signingDate: options.date ?? NOW });
  const query = Object.entries(signed.query ?? {})
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => [key, v] as const),
    )
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return {
    method: signed.method,
    rawUrl: query ? `${signed.path}?${query}` : signed.path,
    rawHeaders: Object.entries(signed.headers).flatMap(([name, value]) => [name, value]),
    body: init.body === undefined ? undefined : Buffer.from(init.body),
  };
}

const expectations: SigV4Expectations = {
  service: 'dataexchange',
  regions: ['us-east-1'],
  now: NOW,
  maxSkewMs: 15 * 60 * 1000,
  secretOf: (accessKeyId) => (accessKeyId === ACCESS_KEY_ID ? SECRET : undefined),
};

function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

describe('verifySigV4 against signatures made by @smithy/signature-v4', () => {
  it('accepts a signed POST with a JSON body', async () => {
    const request = await signedBySdk({
      method: 'POST',
      path: '/v1/data-sets',
      body: '{"Name":"trades"}',
    });
    expect(verifySigV4(request, expectations)).toEqual({ accessKeyId: ACCESS_KEY_ID });
  });

  it('accepts an encoded ARN label and repeated query keys', async () => {
    const arn =
      'arn:aws:dataexchange:us-east-1:123456789012:data-sets/0123456789abcdef0123456789abcdef';
    const request = await signedBySdk({
      method: 'DELETE',
      path: `/tags/${encodeURIComponent(arn)}`,
      query: { tagKeys: ['team', 'cost center', 'a+b'] },
    });
    expect(verifySigV4(request, expectations)).toEqual({ accessKeyId: ACCESS_KEY_ID });
  });

  it('accepts the Catalog signing name when that is what the route expects', async () => {
    const request = await signedBySdk(
      {
        method: 'GET',
        path: '/DescribeEntity',
        query: { catalog: 'AWSMarketplace', entityId: 'prod-abc' },
      },
      { service: 'aws-marketplace' },
    );
    expect(verifySigV4(request, { ...expectations, service: 'aws-marketplace' })).toEqual({
      accessKeyId: ACCESS_KEY_ID,
    });
  });

  it('rejects a signature made with the wrong secret', async () => {
    const request = await signedBySdk(
      { method: 'GET', path: '/v1/data-sets' },
      { secret: 'not-the-secret' },
    );
    expect(errorCodeOf(() => verifySigV4(request, expectations))).toMatch(
      /^InvalidSignatureException: The request signature we calculated does not match/,
    );
  });

  it('rejects a body or query changed after signing', async () => {
    const request = await signedBySdk({
      method: 'POST',
      path: '/v1/data-sets',
      body: '{"Name":"a"}',
    });
    expect(
      errorCodeOf(() =>
        verifySigV4({ ...request, body: Buffer.from('{"Name":"b"}') }, expectations),
      ),
    ).toMatch(/^InvalidSignatureException/);
    const listed = await signedBySdk({
      method: 'GET',
      path: '/v1/data-sets',
      query: { origin: 'OWNED' },
    });
    const altered = { ...listed, rawUrl: listed.rawUrl.replace('OWNED', 'ENTITLED') };
    expect(errorCodeOf(() => verifySigV4(altered, expectations))).toMatch(
      /^InvalidSignatureException/,
    );
  });

  it('rejects an unknown access key as an unrecognized client', async () => {
    const request = await signedBySdk({ method: 'GET', path: '/v1/data-sets' });
    expect(
      errorCodeOf(() => verifySigV4(request, { ...expectations, secretOf: () => undefined })),
    ).toMatch(/^UnrecognizedClientException/);
  });

  it('rejects a credential scoped to another service or region', async () => {
    const catalog = await signedBySdk(
      { method: 'GET', path: '/v1/data-sets' },
      { service: 'aws-marketplace' },
    );
    expect(errorCodeOf(() => verifySigV4(catalog, expectations))).toBe(
      "InvalidSignatureException: Credential should be scoped to correct service: 'dataexchange'.",
    );
    const elsewhere = await signedBySdk(
      { method: 'GET', path: '/v1/data-sets' },
      { region: 'eu-west-1' },
    );
    expect(errorCodeOf(() => verifySigV4(elsewhere, expectations))).toBe(
      'InvalidSignatureException: Credential should be scoped to a valid region.',
    );
  });

  it('rejects signatures outside the allowed clock skew', async () => {
    const old = await signedBySdk(
      { method: 'GET', path: '/v1/data-sets' },
      { date: new Date(NOW.getTime() - 16 * 60_000) },
    );
    expect(errorCodeOf(() => verifySigV4(old, expectations))).toMatch(
      /^InvalidSignatureException: Signature expired/,
    );
    const early = await signedBySdk(
      { method: 'GET', path: '/v1/data-sets' },
      { date: new Date(NOW.getTime() + 16 * 60_000) },
    );
    expect(errorCodeOf(() => verifySigV4(early, expectations))).toMatch(
      /^InvalidSignatureException: Signature not yet current/,
    );
  });

  it('asks for authentication when there is no Authorization header, and names missing parts', () => {
    const bare: SignedRequest = {
      method: 'GET',
      rawUrl: '/v1/data-sets',
      rawHeaders: ['Host', 'x'],
      body: undefined,
    };
    expect(errorCodeOf(() => verifySigV4(bare, expectations))).toBe(
      'MissingAuthenticationTokenException: Missing Authentication Token',
    );
    const partial: SignedRequest = {
      ...bare,
      rawHeaders: [
        'Host',
        'x',
        'Authorization',
        `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240506/us-east-1/dataexchange/aws4_request`,
      ],
    };
    expect(errorCodeOf(() => verifySigV4(partial, expectations))).toBe(
      "IncompleteSignatureException: Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
    );
  });
});
