import type { DataSetEntry } from '@aws-sdk/client-dataexchange';

export type EntitlementResult =
  | { readonly ok: true; readonly dataSet: DataSetEntry }
  | { readonly ok: false; readonly problem: string };

/**
 * Finds the entitled data set a subscription names, by id or by name. A name shared by two
 * entitled data sets (two products) is ambiguous and must be given as an id.
 */
export function resolveEntitledDataSet(
  reference: string,
  entitled: readonly DataSetEntry[],
): EntitlementResult {
  const byId = entitled.find((dataSet) => dataSet.Id === reference);
  if (byId) return { ok: true, dataSet: byId };
  const byName = entitled.filter((dataSet) => dataSet.Name === reference);
  if (byName.length === 1) return { ok: true, dataSet: byName[0] as DataSetEntry };
  if (byName.length > 1) {
    return {
      ok: false,
      problem: `data set name "${reference}" matches ${byName.length} entitled data sets (${byName.map((d) => d.Id).join(', ')}); give the id`,
    };
  }
  return {
    ok: false,
    problem: `data set "${reference}" is not entitled to this subscriber account (ListDataSets with Origin ENTITLED lists no data set with that id or name); subscribe to a product that contains it first`,
  };
}
