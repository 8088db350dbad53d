import { backoffDelayMs } from './backoff.util';
import { paceFrames } from './frame-pacer.model';
import { HeartbeatWatchdog } from './heartbeat-watchdog.model';

describe('reconnect back-off', () => {
  const options = { initialMs: 500, maxMs: 30_000 };

  it('grows exponentially up to the cap, with jitter between half and all of the ceiling', () => {
    expect(backoffDelayMs(0, options, () => 0)).toBe(250);
    expect(backoffDelayMs(0, options, () => 1)).toBe(500);
    expect(backoffDelayMs(3, options, () => 1)).toBe(4_000);
    expect(backoffDelayMs(3, options, () => 0)).toBe(2_000);
    expect(backoffDelayMs(20, options, () => 1)).toBe(30_000);
    expect(backoffDelayMs(20, options, () => 0)).toBe(15_000);
  });

  it('spreads reconnects of many connections instead of syncing them', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 1000 }, () => backoffDelayMs(4, options, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    expect(new Set(delays).size).toBeGreaterThan(500);
  });
});

describe('heartbeat watchdog', () => {
  it('is stale only after the policy limit without any frame', () => {
    const watchdog = new HeartbeatWatchdog(60_000, 1_000);
    expect(watchdog.isStale(61_000)).toBe(false);
    expect(watchdog.isStale(61_001)).toBe(true);
    watchdog.touch(61_001);
    expect(watchdog.isStale(100_000)).toBe(false);
    expect(watchdog.silentForMs(100_000)).toBe(38_999);
    expect(watchdog.checkIntervalMs()).toBe(6_000);
  });
});

describe('frame pacing', () => {
  it('never sends more frames in a second than the venue allows', () => {
    const delays = paceFrames(12, 5);
    for (let i = 0; i < delays.length; i += 1) {
      const inWindow = delays.filter((d) => d >= (delays[i] ?? 0) && d < (delays[i] ?? 0) + 1000);
      expect(inWindow.length).toBeLessThanOrEqual(5);
    }
    expect(delays[0]).toBe(0);
  });
});
