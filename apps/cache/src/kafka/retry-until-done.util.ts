export interface RetryUntilDoneOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Checked before every attempt: true ends the retries (the service is shutting down). */
  stopped(): boolean;
  /** Told of each failure before the wait; cleans up what the attempt left behind. */
  onFailure(error: unknown, attempt: number, delayMs: number): Promise<void> | void;
  readonly sleep?: (ms: number) => Promise<void>;
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Runs `task` until it succeeds, doubling the wait after each failure up to `maxDelayMs`.
 * Resolves true once it succeeded, false when `stopped()` ended the retries first.
 */
export async function retryUntilDone(
  task: () => Promise<void>,
  options: RetryUntilDoneOptions,
): Promise<boolean> {
  const sleep = options.sleep ?? unrefSleep;
  for (let attempt = 1; !options.stopped(); attempt++) {
    try {
      await task();
      return true;
    } catch (error) {
      const delayMs = Math.min(options.initialDelayMs * 2 ** (attempt - 1), options.maxDelayMs);
      await options.onFailure(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
  return false;
}
