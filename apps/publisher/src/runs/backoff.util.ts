/** Exponential back-off: initial, doubling, capped at max, with up to 20% jitter subtracted. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.max(1, Math.round(base * (1 - 0.2 * random())));
}

export class PollTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, last: string) {
    super(`${what} did not finish within ${timeoutMs} ms (last state: ${last})`);
    this.name = 'PollTimeoutError';
  }
}

export interface PollOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` with back-off until it returns `{ done: true }`; throws PollTimeoutError after
 * `timeoutMs`. `probe` errors propagate (the SDK already retried transient ones).
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<{ done: boolean; value: T; state: string }>,
  options: PollOptions,
): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const deadline = now() + options.timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    const result = await probe();
    if (result.done) return result.value;
    if (now() >= deadline) throw new PollTimeoutError(what, options.timeoutMs, result.state);
    await wait(
      Math.min(
        backoffDelay(attempt, options.initialMs, options.maxMs),
        Math.max(1, deadline - now()),
      ),
    );
  }
}

/** Retries `action` with back-off while `retryable(error)` holds, up to `timeoutMs`. */
export async function retryWhile<T>(
  action: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  options: PollOptions,
): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const deadline = now() + options.timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (!retryable(error) || now() >= deadline) throw error;
      await wait(backoffDelay(attempt, options.initialMs, options.maxMs));
    }
  }
}
