export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per attempt; 2 doubles the delay each time. */
  readonly factor?: number;
}

/**
 * Delay after failure number `attempt` (1 for the first failure): `initialMs * factor^(attempt-1)`
 * capped at `maxMs`. No jitter: retries are per export run, scheduled in the database, and
 * spreading them gains nothing.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  const factor = options.factor ?? 2;
  const exponent = Math.max(0, attempt - 1);
  return Math.min(options.maxMs, Math.round(options.initialMs * factor ** exponent));
}
