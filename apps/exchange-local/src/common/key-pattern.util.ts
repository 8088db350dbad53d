import { awsErrors } from '../protocol/aws-error.exception';

/** Defaults of the real service: jobs export to `${Asset.Name}`, event actions add the revision date. */
export const DEFAULT_JOB_KEY_PATTERN = '${Asset.Name}';
export const DEFAULT_EVENT_ACTION_KEY_PATTERN = '${Revision.CreatedAt}/${Asset.Name}';

export interface KeyPatternValues {
  readonly asset: { readonly id: string; readonly name: string };
  readonly dataSet: { readonly id: string; readonly name: string };
  readonly revision: { readonly id: string; readonly createdAt: Date };
}

const VARIABLES: Readonly<Record<string, (values: KeyPatternValues) => string>> = {
  'Asset.Id': (v) => v.asset.id,
  'Asset.Name': (v) => v.asset.name,
  'DataSet.Id': (v) => v.dataSet.id,
  'DataSet.Name': (v) => v.dataSet.name,
  'Revision.CreatedAt': (v) => v.revision.createdAt.toISOString(),
  'Revision.CreatedAt.Day': (v) => String(v.revision.createdAt.getUTCDate()).padStart(2, '0'),
  'Revision.CreatedAt.Month': (v) =>
    String(v.revision.createdAt.getUTCMonth() + 1).padStart(2, '0'),
  'Revision.CreatedAt.Year': (v) => String(v.revision.createdAt.getUTCFullYear()),
  'Revision.Id': (v) => v.revision.id,
};

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Checks a KeyPattern: only known variables, and at least one of `${Asset.Name}` /
 * `${Asset.Id}`, because without one every asset of a revision would land on the same key.
 */
export function validateKeyPattern(pattern: string): void {
  const names = [...pattern.matchAll(VARIABLE)].map((match) => match[1] as string);
  const unknown = names.filter((name) => !(name in VARIABLES));
  if (unknown.length > 0) {
    throw awsErrors.validation(
      `KeyPattern contains unknown variables: ${unknown.map((name) => `\${${name}}`).join(', ')}.`,
    );
  }
  if (!names.includes('Asset.Name') && !names.includes('Asset.Id')) {
    throw awsErrors.validation('KeyPattern must contain ${Asset.Name} or ${Asset.Id}.');
  }
}

export function resolveKeyPattern(pattern: string, values: KeyPatternValues): string {
  return pattern.replace(VARIABLE, (whole, name: string) => VARIABLES[name]?.(values) ?? whole);
}
