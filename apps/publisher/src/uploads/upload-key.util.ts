import { DATA_SET_NAME_PATTERN } from '@tickline/publishing';

export type UploadTarget =
  | { readonly kind: 'publish'; readonly dataSet: string }
  | { readonly kind: 'quarantine'; readonly dataSet: string; readonly reason: string }
  | { readonly kind: 'ignore' };

/**
 * What to do with an object under the incoming prefix: `<prefix><dataSet>/<name>` of a mapped
 * data set is published; folder markers are ignored; anything else is quarantined with a reason.
 */
export function uploadTarget(
  key: string,
  size: number,
  prefix: string,
  dataSets: readonly string[],
): UploadTarget {
  if (!key.startsWith(prefix) || key.endsWith('/')) return { kind: 'ignore' };
  const rest = key.slice(prefix.length);
  const slash = rest.indexOf('/');
  const dataSet = slash < 0 ? '' : rest.slice(0, slash);
  if (slash < 0 || slash === rest.length - 1) {
    return { kind: 'quarantine', dataSet, reason: `expected ${prefix}<dataSet>/<name>` };
  }
  if (!DATA_SET_NAME_PATTERN.test(dataSet) || !dataSets.includes(dataSet)) {
    return { kind: 'quarantine', dataSet, reason: `"${dataSet}" is not a data set of the mapping` };
  }
  if (size === 0) return { kind: 'quarantine', dataSet, reason: 'the object is empty' };
  return { kind: 'publish', dataSet };
}
