import { ReplayClock } from './replay-clock';
import { parseSpeed } from './replay-speed.util';

describe('ReplayClock', () => {
  let now = 1_000;
  const clock = () => new ReplayClock(1, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('anchors at the first frame and maps recorded microseconds to wall milliseconds', () => {
    const subject = clock();
    expect(subject.dueAt(5_000_000)).toBe(1_000);
    expect(subject.dueAt(5_250_000)).toBe(1_250);
    now = 1_100;
    expect(subject.virtualNow()).toBe(5_100_000);
  });

  it('runs faster or slower by the speed factor, re-anchored where the change happens', () => {
    const subject = clock();
    subject.dueAt(0);
    now = 2_000; // one second of recorded time has passed at x1
    subject.setSpeed(10, undefined);
    expect(subject.dueAt(2_000_000)).toBe(2_100);
    subject.setSpeed(0.5, undefined);
    expect(subject.dueAt(2_000_000)).toBe(2_000 + 2_000);
  });

  it('is never waiting at max speed', () => {
    const subject = new ReplayClock('max', () => now);
    expect(subject.dueAt(123_456_789)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('holds recorded time still while paused', () => {
    const subject = clock();
    subject.dueAt(0);
    now = 1_500;
    subject.pause(undefined);
    now = 9_000;
    expect(subject.virtualNow()).toBe(500_000);
    subject.resume();
    expect(subject.dueAt(600_000)).toBe(9_100);
  });
});

describe('parseSpeed', () => {
  it.each([
    ['max', 'max'],
    ['MAX', 'max'],
    ['1', 1],
    ['x10', 10],
    ['0.5', 0.5],
    [25, 25],
  ] as const)('%j', (input, expected) => {
    expect(parseSpeed(input)).toBe(expected);
  });

  it.each(['0', '-1', 'fast', '1e3', '200000', 0])('rejects %j', (input) => {
    expect(() => parseSpeed(input)).toThrow('"max" or a factor');
  });
});
