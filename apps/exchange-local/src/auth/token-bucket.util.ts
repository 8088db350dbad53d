/**
 * Per-key token buckets: `ratePerSecond` tokens flow in per second up to `burst`; a request
 * takes one. Used for per-account request throttling.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  take(key: string, nowMs: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: nowMs };
    const refilled = Math.min(
      this.burst,
      bucket.tokens + ((nowMs - bucket.updatedAt) / 1000) * this.ratePerSecond,
    );
    const allowed = refilled >= 1;
    this.buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, updatedAt: nowMs });
    return allowed;
  }
}
