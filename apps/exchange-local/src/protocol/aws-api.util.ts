/**
 * The two AWS APIs this service speaks on one endpoint. They share the wire protocol (restJson1)
 * but not their error status codes, SigV4 signing names or timestamp formats, so every layer that
 * differs asks which API a request belongs to.
 */
export const AWS_APIS = ['dataexchange', 'catalog'] as const;
export type AwsApi = (typeof AWS_APIS)[number];

/** The Marketplace Catalog operations are routed as `/<OperationName>`. */
export const CATALOG_OPERATIONS = [
  'CancelChangeSet',
  'DescribeChangeSet',
  'DescribeEntity',
  'ListChangeSets',
  'ListEntities',
  'StartChangeSet',
] as const;

const catalogPaths = new Set<string>(CATALOG_OPERATIONS.map((operation) => `/${operation}`));

/** SigV4 signing names, as the SDKs put them in the credential scope. */
export const SIGNING_NAMES: Readonly<Record<AwsApi, string>> = {
  dataexchange: 'dataexchange',
  catalog: 'aws-marketplace',
};

/**
 * Decides the API from the raw request path alone, so that errors raised before routing (unknown
 * routes, malformed bodies, failed signatures) still get the right status codes.
 */
export function apiForPath(path: string): AwsApi {
  const withoutQuery = path.split('?', 1)[0] ?? '';
  return catalogPaths.has(withoutQuery) ? 'catalog' : 'dataexchange';
}
