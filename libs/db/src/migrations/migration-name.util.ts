/** Migration folders are `<UTC yyyyMMddHHmmss>_<snake_case_name>`, as `prisma migrate dev` makes them. */
export const MIGRATION_DIRECTORY_PATTERN = /^(\d{14})_([a-z0-9]+(?:_[a-z0-9]+)*)$/;

const MAX_NAME_LENGTH = 200;

/** `"Added export runs!"` -> `added_export_runs`; throws when nothing usable is left. */
export function slugifyMigrationName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/_+$/, '');
  if (slug.length === 0) {
    throw new Error(
      `"${name}" is not usable as a migration name: use letters and digits, e.g. added_export_runs.`,
    );
  }
  return slug;
}

/** `2025-01-02T03:04:05Z` -> `20250102030405`. */
export function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * The folder name for a new migration created at `now`. Its timestamp is strictly later than
 * every existing folder's, so the new migration sorts (and is applied) last even when the clock
 * is behind, or two migrations are created within the same second.
 */
export function nextMigrationDirectoryName(
  name: string,
  now: Date,
  existing: readonly string[],
): string {
  const slug = slugifyMigrationName(name);
  const latest = existing
    .map((directory) => MIGRATION_DIRECTORY_PATTERN.exec(directory)?.[1])
    .filter((timestamp): timestamp is string => timestamp !== undefined)
    .sort()
    .at(-1);
  let timestamp = migrationTimestamp(now);
  if (latest !== undefined && timestamp <= latest) {
    timestamp = migrationTimestamp(new Date(timestampToDate(latest).getTime() + 1000));
  }
  return `${timestamp}_${slug}`;
}

function timestampToDate(timestamp: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(
    timestamp,
  ) as RegExpExecArray;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}
