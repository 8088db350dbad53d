/**
 * One alert per key per window: the first event of a burst alerts, the rest are counted and
 * reported with the next alert of that key. Metrics still count every event.
 */
export class BurstLimiter {
  private readonly state = new Map<string, { windowStartMs: number; suppressed: number }>();

  constructor(private readonly windowMs: number) {}

  /** `undefined` when suppressed, else how many were suppressed since the last alert. */
  admit(key: string, nowMs: number): number | undefined {
    const entry = this.state.get(key);
    if (!entry || nowMs - entry.windowStartMs >= this.windowMs) {
      const suppressed = entry?.suppressed ?? 0;
      this.state.set(key, { windowStartMs: nowMs, suppressed: 0 });
      return suppressed;
    }
    entry.suppressed += 1;
    return undefined;
  }
}
