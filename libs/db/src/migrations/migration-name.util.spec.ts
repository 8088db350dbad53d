import {
  MIGRATION_DIRECTORY_PATTERN,
  migrationTimestamp,
  nextMigrationDirectoryName,
  slugifyMigrationName,
} from './migration-name.util';

describe('slugifyMigrationName', () => {
  it.each([
    ['added_export_retries', 'added_export_retries'],
    ['Added export retries', 'added_export_retries'],
    ['  changed--Índex of runs!  ', 'changed_index_of_runs'],
    ['v2 schema', 'v2_schema'],
  ])('turns %j into %j', (input, expected) => {
    expect(slugifyMigrationName(input)).toBe(expected);
  });

  it('rejects names without letters or digits', () => {
    expect(() => slugifyMigrationName(' -- ')).toThrow(/not usable as a migration name/);
  });

  it('caps the length without leaving a trailing separator', () => {
    const slug = slugifyMigrationName(`${'a'.repeat(199)} b`);
    expect(slug.length).toBeLessThanOrEqual(200);
    expect(slug.endsWith('_')).toBe(false);
  });
});

describe('migrationTimestamp', () => {
  it('formats the UTC time as yyyyMMddHHmmss', () => {
    expect(migrationTimestamp(new Date('2025-01-02T03:04:05.678Z'))).toBe('20250102030405');
  });
});

describe('nextMigrationDirectoryName', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  it('uses the current time when it is later than every existing migration', () => {
    expect(nextMigrationDirectoryName('Added runs', now, ['20250101000000_created_state'])).toBe(
      '20250601120000_added_runs',
    );
  });

  it('sorts after the latest migration when the clock is behind it', () => {
    const name = nextMigrationDirectoryName('added_runs', now, [
      '20250101000000_a',
      '20251231235959_b',
    ]);
    expect(name).toBe('20260101000000_added_runs');
    expect([name, '20251231235959_b'].sort()[1]).toBe(name);
  });

  it('never reuses the timestamp of a migration created in the same second', () => {
    expect(nextMigrationDirectoryName('second', now, ['20250601120000_first'])).toBe(
      '20250601120001_second',
    );
  });

  it('ignores folders that are not migrations', () => {
    expect(
      nextMigrationDirectoryName('x', now, ['99999999999999', 'notes', '20990101000000']),
    ).toBe('20250601120000_x');
  });

  it('produces names that the directory pattern accepts', () => {
    expect(
      MIGRATION_DIRECTORY_PATTERN.test(nextMigrationDirectoryName('Created state', now, [])),
    ).toBe(true);
  });
});
