import { AwsError } from '../protocol/aws-error.exception';

import {
  DEFAULT_EVENT_ACTION_KEY_PATTERN,
  resolveKeyPattern,
  validateKeyPattern,
} from './key-pattern.util';

const values = {
  asset: { id: 'a1', name: 'trades/2024-05-06.csv.gz' },
  dataSet: { id: 'd1', name: 'Trades' },
  revision: { id: 'r1', createdAt: new Date('2021-10-08T16:33:19.787Z') },
};

describe('key patterns', () => {
  it('resolves every documented variable', () => {
    expect(
      resolveKeyPattern(
        '${DataSet.Name}/${DataSet.Id}/${Revision.CreatedAt.Year}/${Revision.CreatedAt.Month}/${Revision.CreatedAt.Day}/${Revision.Id}/${Asset.Id}-${Asset.Name}',
        values,
      ),
    ).toBe('Trades/d1/2021/10/08/r1/a1-trades/2024-05-06.csv.gz');
    expect(resolveKeyPattern(DEFAULT_EVENT_ACTION_KEY_PATTERN, values)).toBe(
      '2021-10-08T16:33:19.787Z/trades/2024-05-06.csv.gz',
    );
  });

  it('requires an asset variable and rejects unknown variables', () => {
    expect(() => validateKeyPattern('${Revision.Id}/${Asset.Id}')).not.toThrow();
    const reasons = ['${Revision.Id}/fixed', '${Asset.Name}/${Asset.Size}'].map((pattern) => {
      try {
        validateKeyPattern(pattern);
        return 'accepted';
      } catch (error) {
        return error instanceof AwsError ? `${error.code}: ${error.message}` : 'other';
      }
    });
    expect(reasons).toEqual([
      'ValidationException: KeyPattern must contain ${Asset.Name} or ${Asset.Id}.',
      'ValidationException: KeyPattern contains unknown variables: ${Asset.Size}.',
    ]);
  });
});
