import { retryUntilDone } from './retry-until-done.util';

describe('retryUntilDone', () => {
  it('retries a failing task with doubling waits up to the cap, until it succeeds', async () => {
    const waits: number[] = [];
    const failures: [string, number, number][] = [];
    let calls = 0;
    const done = await retryUntilDone(
      async () => {
        calls += 1;
        if (calls <= 5) throw new Error(`no leader ${calls}`);
      },
      {
        initialDelayMs: 1_000,
        maxDelayMs: 10_000,
        stopped: () => false,
        onFailure: (error, attempt, delayMs) => {
          failures.push([(error as Error).message, attempt, delayMs]);
        },
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect(done).toBe(true);
    expect(calls).toBe(6);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(failures[0]).toEqual(['no leader 1', 1, 1_000]);
    expect(failures).toHaveLength(5);
  });

  it('gives up when stopped, without another attempt', async () => {
    let calls = 0;
    let stopped = false;
    const done = await retryUntilDone(
      async () => {
        calls += 1;
        throw new Error('down');
      },
      {
        initialDelayMs: 1,
        maxDelayMs: 1,
        stopped: () => stopped,
        onFailure: () => {
          if (calls === 2) stopped = true;
        },
        sleep: async () => undefined,
      },
    );
    expect([done, calls]).toEqual([false, 2]);
  });
});
