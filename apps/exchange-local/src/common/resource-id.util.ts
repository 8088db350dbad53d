import { createHash, randomBytes } from 'node:crypto';

/** Data Exchange ids: 32 lower-case hex characters, like every id the real service hands out. */
export function newResourceId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * A Data Exchange id derived from a seed, so that re-running a job step after a crash produces
 * the same ids (and the same object keys) instead of duplicates.
 */
export function derivedResourceId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

const CATALOG_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `prod-…` / `cs-…` style Catalog ids: a prefix and 13 lower-case letters or digits. */
export function newCatalogId(prefix: 'cs' | 'prod'): string {
  const bytes = randomBytes(13);
  let suffix = '';
  for (const byte of bytes) suffix += CATALOG_ID_ALPHABET[byte % CATALOG_ID_ALPHABET.length];
  return `${prefix}-${suffix}`;
}
