import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  parseAuthorization,
  signature,
  stringToSign,
} from './sigv4-canonical.util';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('SigV4 canonical form', () => {
  it('reproduces the "get-vanilla" case of the AWS SigV4 test suite', () => {
    const scope = {
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'service',
      terminator: 'aws4_request',
    };
    const canonical = canonicalRequest({
      method: 'GET',
      rawUrl: '/',
      headers: new Map([
        ['host', ['example.amazonaws.com']],
        ['x-amz-date', ['20150830T123600Z']],
      ]),
      signedHeaders: ['host', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
    });
    expect(canonical).toBe(
      [
        'GET',
        '/',
        '',
        'host:example.amazonaws.com',
        'x-amz-date:20150830T123600Z',
        '',
        'host;x-amz-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
    const sig = signature(
      'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      scope,
      stringToSign('20150830T123600Z', scope, canonical),
    );
    expect(sig).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('encodes an already-encoded path a second time, keeping slashes', () => {
    expect(
      canonicalUri('/tags/arn%3Aaws%3Adataexchange%3Aus-east-1%3A123456789012%3Adata-sets%2Fabc'),
    ).toBe(
      '/tags/arn%253Aaws%253Adataexchange%253Aus-east-1%253A123456789012%253Adata-sets%252Fabc',
    );
    expect(canonicalUri('/v1/data-sets/./x/../y/')).toBe('/v1/data-sets/y/');
    expect(canonicalUri('')).toBe('/');
  });

  it('decodes, strictly re-encodes and sorts query pairs, repeated keys by value', () => {
    expect(canonicalQuery('tagKeys=b&tagKeys=a&maxResults=5&origin=OWNED')).toBe(
      'maxResults=5&origin=OWNED&tagKeys=a&tagKeys=b',
    );
    expect(canonicalQuery("a=%7E%20x&b=it's&flag")).toBe('a=~%20x&b=it%27s&flag=');
  });

  it('parses the Authorization header and reports missing parameters', () => {
    const parsed = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/dataexchange/aws4_request, SignedHeaders=host;x-amz-date, Signature=ABCDEF',
    );
    expect(parsed).toEqual({
      credential: {
        accessKeyId: 'AKID',
        date: '20240102',
        region: 'us-east-1',
        service: 'dataexchange',
        terminator: 'aws4_request',
      },
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abcdef',
    });
    expect(
      parseAuthorization(
        'AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/dataexchange/aws4_request',
      ),
    ).toEqual({
      missing: ['SignedHeaders', 'Signature'],
    });
    expect(parseAuthorization('Basic dXNlcjpwYXNz')).toBeUndefined();
  });
});
