import { type DataType, parseUtcDay, type Venue } from '@tickline/domain';

/**
 * Final keys of a day's product files, a pure function of (data set, venue, type, day) so a
 * re-run writes the same objects and there is never a rename step:
 *
 *   products/<dataSet>/<YYYY>/<MM>/<DD>/<venue>_<type>_<YYYYMMDD>.csv.gz
 *   products/<dataSet>/<YYYY>/<MM>/<DD>/<venue>_<type>_<YYYYMMDD>.manifest.json
 */
export const PRODUCTS_ROOT = 'products';
export const DATA_SET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface ProductDayParts {
  /** The data set's short name in the mapping config (lower-case letters, digits, `-`). */
  readonly dataSet: string;
  readonly venue: Venue;
  readonly type: DataType;
  /** UTC day `YYYY-MM-DD`. */
  readonly day: string;
}

function stemOf(parts: ProductDayParts): string {
  if (!DATA_SET_NAME_PATTERN.test(parts.dataSet)) {
    throw new Error(
      `Invalid data set name ${JSON.stringify(parts.dataSet)}: expected 1-63 of a-z 0-9 -, starting with a letter or digit`,
    );
  }
  parseUtcDay(parts.day);
  const [y, m, d] = parts.day.split('-') as [string, string, string];
  return `${PRODUCTS_ROOT}/${parts.dataSet}/${y}/${m}/${d}/${parts.venue}_${parts.type}_${y}${m}${d}`;
}

export function productCsvKey(parts: ProductDayParts): string {
  return `${stemOf(parts)}.csv.gz`;
}

export function productManifestKey(parts: ProductDayParts): string {
  return `${stemOf(parts)}.manifest.json`;
}
