import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignedFetchInit {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly service?: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly region?: string;
}

/**
 * Sends a raw HTTP request signed with the SDK's SigV4 signer, for requests the SDK clients
 * cannot produce (malformed JSON, unknown routes).
 */
export async function signedFetch(baseUrl: string, init: SignedFetchInit): Promise<Response> {
  const url = new URL(init.path, baseUrl);
  const query: Record<string, string | string[]> = {};
  url.searchParams.forEach((value, key) => {
    const previous = query[key];
    query[key] =
      previous === undefined
        ? value
        : [...(Array.isArray(previous) ? previous : [previous]), value];
  });
  const request = new HttpRequest({
    method: init.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: {
      host: url.host,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body,
  });
  const signer = new SignatureV4({
    credentials: init.credentials,
    region: init.region ?? 'us-east-1',
    service: init.service ?? 'dataexchange',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request);
  const { host: _host, ...headers } = signed.headers;
  return fetch(`${url.origin}${url.pathname}${url.search}`, {
    method: signed.method,
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}
