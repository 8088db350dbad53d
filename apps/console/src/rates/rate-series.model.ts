// Turns successive counter readings into rates per second, keeping a bounded history per series.

export interface RatePoint {
  /** Epoch milliseconds of the reading. */
  readonly t: number;
  /** Events per second since the previous reading. */
  readonly v: number;
}

export class RateSeries {
  private readonly previous = new Map<string, { t: number; value: number }>();
  private readonly history = new Map<string, RatePoint[]>();

  constructor(private readonly keep: number) {}

  /** Records the counters read at `t`; a counter that went down (a restart) starts over. */
  record(t: number, counters: ReadonlyMap<string, number>): void {
    for (const [series, value] of counters) {
      const before = this.previous.get(series);
      this.previous.set(series, { t, value });
      if (!before || t <= before.t) continue;
      const rate = value >= before.value ? ((value - before.value) * 1000) / (t - before.t) : 0;
      const points = this.history.get(series) ?? [];
      points.push({ t, v: Math.round(rate * 10) / 10 });
      if (points.length > this.keep) points.splice(0, points.length - this.keep);
      this.history.set(series, points);
    }
  }

  snapshot(): { name: string; points: RatePoint[] }[] {
    return [...this.history.entries()]
      .map(([name, points]) => ({ name, points: [...points] }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
