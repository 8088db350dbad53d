import { DelayHistogram, EventLoopMonitor } from './event-loop-monitor.service';

class FakeHistogram implements DelayHistogram {
  max = 0;
  enable(): boolean {
    return true;
  }
  disable(): boolean {
    return true;
  }
  reset(): void {
    this.max = 0;
  }
}

const ms = (value: number): number => value * 1e6;

describe('EventLoopMonitor', () => {
  it('is alive while stalls stay under the limit', () => {
    const histogram = new FakeHistogram();
    const monitor = new EventLoopMonitor(1_000, histogram);
    histogram.max = ms(40);
    expect(monitor.status()).toEqual({
      alive: true,
      eventLoopDelayMs: 40,
      maxEventLoopDelayMs: 1_000,
    });
  });

  it('fails liveness after a stall at or over the limit, through the following window', () => {
    const histogram = new FakeHistogram();
    const monitor = new EventLoopMonitor(1_000, histogram);
    histogram.max = ms(1_500);
    expect(monitor.status().alive).toBe(false);
    monitor.rollWindow();
    histogram.max = ms(10);
    expect(monitor.status()).toEqual({
      alive: false,
      eventLoopDelayMs: 1_500,
      maxEventLoopDelayMs: 1_000,
    });
    monitor.rollWindow();
    expect(monitor.status()).toEqual({
      alive: true,
      eventLoopDelayMs: 10,
      maxEventLoopDelayMs: 1_000,
    });
  });

  it('measures a real stall of the event loop', async () => {
    const monitor = new EventLoopMonitor(100);
    monitor.onModuleInit();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const until = Date.now() + 300;
      while (Date.now() < until) {
        // Busy-wait: the stall the monitor must notice.
      }
      // The histogram records the stall when its own timer next runs; give it a few turns.
      for (let turn = 0; turn < 40 && monitor.status().alive; turn += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const status = monitor.status();
      expect(status.alive).toBe(false);
      expect(status.eventLoopDelayMs).toBeGreaterThanOrEqual(100);
    } finally {
      monitor.onModuleDestroy();
    }
  });
});
