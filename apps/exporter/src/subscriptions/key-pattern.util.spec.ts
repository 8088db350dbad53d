import { DEFAULT_KEY_PATTERN, keyPatternProblems, LATEST_KEY_PATTERN } from './key-pattern.util';

describe('keyPatternProblems', () => {
  it.each([
    DEFAULT_KEY_PATTERN,
    LATEST_KEY_PATTERN,
    'daily/${Revision.CreatedAt.Year}/${Revision.CreatedAt.Month}/${Revision.CreatedAt.Day}/${Asset.Id}',
    '${DataSet.Id}/${Revision.Id}/${Asset.Name}',
  ])('accepts %s', (pattern) => {
    expect(keyPatternProblems(pattern)).toEqual([]);
  });

  it('needs ${Asset.Name} or ${Asset.Id}, or all assets land on one key', () => {
    expect(keyPatternProblems('${Revision.Id}/data.csv')).toEqual([
      'must contain ${Asset.Name} or ${Asset.Id}, or every asset lands on one key',
    ]);
  });

  it('names unknown variables and lists the known ones', () => {
    const [problem] = keyPatternProblems('${Asset.Name}/${Revision.Date}');
    expect(problem).toMatch(
      /^unknown variable\(s\) \$\{Revision\.Date\} \(known: \$\{Asset\.Id\}, /,
    );
  });

  it('rejects an unclosed variable, a leading slash, an empty segment and an empty pattern', () => {
    expect(keyPatternProblems('${Asset.Name}/${Revision.Id')).toContain('has an unclosed "${"');
    expect(keyPatternProblems('/${Asset.Name}')).toEqual([
      'must not start with "/" or contain an empty segment "//"',
    ]);
    expect(keyPatternProblems('a//${Asset.Name}')).toHaveLength(1);
    expect(keyPatternProblems('')).toContain('must be 1-1024 characters');
  });
});
