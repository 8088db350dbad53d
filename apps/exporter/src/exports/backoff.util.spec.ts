import { backoffDelayMs } from './backoff.util';

describe('backoffDelayMs', () => {
  const options = { initialMs: 2_000, maxMs: 300_000 };

  it('doubles from the initial delay after each failure', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, options))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000,
    ]);
  });

  it('is capped at the maximum', () => {
    expect(backoffDelayMs(30, options)).toBe(300_000);
    expect(backoffDelayMs(1_000, options)).toBe(300_000);
  });

  it('treats attempt 0 or less as the first and honours another factor', () => {
    expect(backoffDelayMs(0, options)).toBe(2_000);
    expect(backoffDelayMs(3, { initialMs: 100, maxMs: 5_000, factor: 1.5 })).toBe(225);
  });
});
