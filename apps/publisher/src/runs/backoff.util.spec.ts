import { backoffDelay, pollUntil, PollTimeoutError, retryWhile } from './backoff.util';

/** A fake clock: sleeping advances it, so no test waits for real. */
function clock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('back-off', () => {
  it('doubles from the initial delay up to the max, minus at most 20% jitter', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, 100, 1000, () => 0))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(2, 100, 1000, () => 1)).toBe(320);
  });

  it('polls until done', async () => {
    const c = clock();
    let calls = 0;
    const value = await pollUntil(
      'job',
      async () => {
        calls += 1;
        return {
          done: calls === 4,
          value: calls,
          state: calls === 4 ? 'COMPLETED' : 'IN_PROGRESS',
        };
      },
      { initialMs: 100, maxMs: 1000, timeoutMs: 60_000, ...c },
    );
    expect(value).toBe(4);
    expect(c.sleeps).toHaveLength(3);
  });

  it('times out with the last state', async () => {
    const c = clock();
    await expect(
      pollUntil('job j-1', async () => ({ done: false, value: 0, state: 'IN_PROGRESS' }), {
        initialMs: 100,
        maxMs: 1000,
        timeoutMs: 5_000,
        ...c,
      }),
    ).rejects.toThrow(new PollTimeoutError('job j-1', 5_000, 'IN_PROGRESS'));
    expect(c.now()).toBeGreaterThanOrEqual(5_000);
  });

  it('retries only retryable errors', async () => {
    const c = clock();
    let calls = 0;
    const busy = new Error('ResourceInUse');
    const result = await retryWhile(
      async () => {
        calls += 1;
        if (calls < 3) throw busy;
        return 'started';
      },
      (error) => error === busy,
      { initialMs: 100, maxMs: 1000, timeoutMs: 60_000, ...c },
    );
    expect({ result, calls }).toEqual({ result: 'started', calls: 3 });
    await expect(
      retryWhile(
        async () => {
          throw new Error('Validation');
        },
        (error) => error === busy,
        { initialMs: 100, maxMs: 1000, timeoutMs: 60_000, ...c },
      ),
    ).rejects.toThrow('Validation');
  });
});
