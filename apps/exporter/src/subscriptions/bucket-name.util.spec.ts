import { bucketNameProblem } from './bucket-name.util';

describe('bucketNameProblem', () => {
  it.each(['tickline-subscriber', 'a.b-c', 'abc', 'x'.repeat(63)])('accepts %s', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['ab', /3-63 characters/],
    ['x'.repeat(64), /3-63 characters/],
    ['Upper-Case', /3-63 characters/],
    ['under_score', /3-63 characters/],
    ['-leading', /3-63 characters/],
    ['trailing.', /3-63 characters/],
    ['two..dots', /adjacent periods/],
    ['192.168.5.4', /IP address/],
    ['xn--bucket', /reserved prefix "xn--"/],
    ['my-bucket-s3alias', /reserved suffix "-s3alias"/],
  ])('rejects %s', (name, problem) => {
    expect(bucketNameProblem(name)).toMatch(problem);
  });
});
