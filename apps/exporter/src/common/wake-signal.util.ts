/**
 * A sleep that can be cut short: loops wait on it between passes, and whoever creates work
 * calls `wake()` so the loop runs at once instead of at its next tick.
 */
export class WakeSignal {
  private waiters: Array<() => void> = [];
  private pending = false;

  wake(): void {
    this.pending = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves after `ms`, or sooner on `wake()` (also one that came while nobody waited). */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.waiters.push(done);
    });
  }
}
