import { awsErrors } from '../protocol/aws-error.exception';

/** The only catalog of the Marketplace Catalog API. */
export const AWS_MARKETPLACE_CATALOG = 'AWSMarketplace';
export const DATA_PRODUCT_ENTITY_TYPE = 'DataProduct';
export const DATA_PRODUCT_ENTITY_VERSION = '1.0';

export function requireMarketplaceCatalog(catalog: string): void {
  if (catalog !== AWS_MARKETPLACE_CATALOG) {
    throw awsErrors.validation(`Catalog must be ${AWS_MARKETPLACE_CATALOG}, not ${catalog}.`);
  }
}

/** `prod-abc@3` -> `prod-abc`: callers pass DescribeEntity's EntityIdentifier back as it is. */
export function entityIdOf(identifier: string): string {
  const at = identifier.indexOf('@');
  return at < 0 ? identifier : identifier.slice(0, at);
}
