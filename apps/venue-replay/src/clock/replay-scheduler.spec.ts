import type { Timeline, TimelineItem } from '../timeline/timeline';
import { ReplayClock } from './replay-clock';
import { ReplayScheduler } from './replay-scheduler';

/** A timeline of frames at the given recorded times (microseconds). */
function timeline(times: number[]): Timeline {
  let index = 0;
  const stream = { key: 's', symbol: 'S', channel: 'c', kind: 'trade' as const };
  return {
    venue: 'binance',
    name: 'test',
    synthetic: false,
    timeShiftSec: 0,
    loop: false,
    streams: () => [stream],
    stream: () => stream,
    peekTime: () => times[index],
    next: (): TimelineItem | undefined =>
      index < times.length
        ? { atUs: times[index++] as number, stream, role: 'data', text: String(index) }
        : undefined,
    book: () => undefined,
    latest: () => undefined,
    position: () => ({ loop: 0, emitted: index }),
  };
}

describe('ReplayScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(
    times: number[],
    speed: number | 'max',
    hooks: { backpressured?: () => boolean; idle?: () => boolean } = {},
  ) {
    const delivered: string[] = [];
    let ended = false;
    const now = () => Date.now();
    const scheduler = new ReplayScheduler(
      timeline(times),
      new ReplayClock(speed, now),
      {
        deliver: (item) => delivered.push(item.text),
        backpressured: hooks.backpressured ?? (() => false),
        idle: hooks.idle ?? (() => false),
        onEnded: () => {
          ended = true;
        },
      },
      now,
    );
    return { scheduler, delivered, isEnded: () => ended };
  }

  it('hands frames out when they are due at real-time speed', () => {
    const { scheduler, delivered, isEnded } = setup([0, 1_000_000, 3_000_000], 1);
    scheduler.start();
    jest.advanceTimersByTime(1);
    expect(delivered).toEqual(['1']);
    jest.advanceTimersByTime(999);
    expect(delivered).toEqual(['1', '2']);
    jest.advanceTimersByTime(1_999);
    expect(delivered).toEqual(['1', '2']);
    jest.advanceTimersByTime(2);
    expect(delivered).toEqual(['1', '2', '3']);
    expect(isEnded()).toBe(true);
    expect(scheduler.state).toBe('ended');
  });

  it('plays the speed factor: x10 takes a tenth of the recorded time', () => {
    const { scheduler, delivered } = setup([0, 1_000_000, 2_000_000], 10);
    scheduler.start();
    jest.advanceTimersByTime(101);
    expect(delivered).toEqual(['1', '2']);
    jest.advanceTimersByTime(100);
    expect(delivered).toEqual(['1', '2', '3']);
  });

  it('sends everything at once at max speed, but waits while nobody listens or a client is slow', () => {
    let idle = true;
    let slow = false;
    const { scheduler, delivered } = setup([0, 60_000_000, 3_600_000_000], 'max', {
      idle: () => idle,
      backpressured: () => slow,
    });
    scheduler.start();
    jest.advanceTimersByTime(50);
    expect(delivered).toEqual([]);
    idle = false;
    slow = true;
    jest.advanceTimersByTime(50);
    expect(delivered).toEqual([]);
    slow = false;
    jest.advanceTimersByTime(10);
    expect(delivered).toEqual(['1', '2', '3']);
  });

  it('stops while paused and carries on from where it was', () => {
    const { scheduler, delivered } = setup([0, 1_000_000, 2_000_000], 1);
    scheduler.start();
    jest.advanceTimersByTime(1);
    scheduler.pause();
    jest.advanceTimersByTime(10_000);
    expect(delivered).toEqual(['1']);
    expect(scheduler.state).toBe('paused');
    scheduler.resume();
    jest.advanceTimersByTime(1_001);
    expect(delivered).toEqual(['1', '2']);
  });
});
