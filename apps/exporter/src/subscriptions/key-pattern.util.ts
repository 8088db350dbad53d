/** ADX's default for event actions: one folder per revision, named by its creation time. */
export const DEFAULT_KEY_PATTERN = '${Revision.CreatedAt}/${Asset.Name}';

/** LATEST mode: stable keys per data set that every newer revision overwrites. */
export const LATEST_KEY_PATTERN = 'latest/${DataSet.Name}/${Asset.Name}';

/** The KeyPattern variables of EXPORT_REVISIONS_TO_S3. */
export const KEY_PATTERN_VARIABLES = [
  'Asset.Id',
  'Asset.Name',
  'DataSet.Id',
  'DataSet.Name',
  'Revision.CreatedAt',
  'Revision.CreatedAt.Day',
  'Revision.CreatedAt.Month',
  'Revision.CreatedAt.Year',
  'Revision.Id',
] as const;

const KNOWN: ReadonlySet<string> = new Set(KEY_PATTERN_VARIABLES);
const VARIABLE = /\$\{([^}]*)\}/g;
const MAX_LENGTH = 1024;

/**
 * What is wrong with a KeyPattern, as the exchange would refuse it at CreateJob (checked at
 * configuration time instead, so a bad pattern is a clear 400 rather than a failed export):
 * unknown variables, an unclosed `${`, no `${Asset.Name}`/`${Asset.Id}` (every asset would
 * land on one key), a leading `/` or an empty path segment.
 */
export function keyPatternProblems(pattern: string): string[] {
  const problems: string[] = [];
  if (pattern.length === 0 || pattern.length > MAX_LENGTH) {
    problems.push(`must be 1-${MAX_LENGTH} characters`);
  }
  const names = [...pattern.matchAll(VARIABLE)].map((match) => match[1] as string);
  const unknown = names.filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    problems.push(
      `unknown variable(s) ${unknown.map((name) => `\${${name}}`).join(', ')} (known: ${KEY_PATTERN_VARIABLES.map((name) => `\${${name}}`).join(', ')})`,
    );
  }
  if (pattern.replace(VARIABLE, '').includes('${')) {
    problems.push('has an unclosed "${"');
  }
  if (!names.includes('Asset.Name') && !names.includes('Asset.Id')) {
    problems.push('must contain ${Asset.Name} or ${Asset.Id}, or every asset lands on one key');
  }
  if (pattern.startsWith('/') || pattern.includes('//')) {
    problems.push('must not start with "/" or contain an empty segment "//"');
  }
  return problems;
}
