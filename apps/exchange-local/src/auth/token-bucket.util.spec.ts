import { TokenBuckets } from './token-bucket.util';

describe('TokenBuckets', () => {
  it('allows a burst, then the refill rate, per key', () => {
    const buckets = new TokenBuckets(2, 3);
    const at = (ms: number, key = 'a') => buckets.take(key, ms);
    expect([at(0), at(0), at(0), at(0)]).toEqual([true, true, true, false]);
    expect(at(0, 'b')).toBe(true);
    expect(at(499)).toBe(false);
    expect(at(500)).toBe(true);
    expect(at(500)).toBe(false);
    expect([at(10_000), at(10_000), at(10_000), at(10_000)]).toEqual([true, true, true, false]);
  });
});
