export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per attempt; 2 doubles the ceiling each time. */
  readonly factor?: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential ceiling capped at `maxMs`,
 * "equal jitter" (half fixed, half random) so thousands of connections dropped by one venue
 * outage do not come back in lock step, yet never retry immediately.
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const factor = options.factor ?? 2;
  const ceiling = Math.min(options.maxMs, options.initialMs * factor ** Math.max(0, attempt));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
