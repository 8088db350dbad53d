/** `max`: as fast as the clients take it; a number: recorded time runs that many times real time. */
export type ReplaySpeed = number | 'max';

/**
 * Maps the recording's clock (epoch microseconds) onto the wall clock (milliseconds of a
 * monotonic clock) at a given speed. Anchored at the first frame asked about, re-anchored on
 * speed changes and on resume, so changing speed never jumps or repeats recorded time.
 */
export class ReplayClock {
  private anchor: { virtualUs: number; wallMs: number } | undefined;
  private pausedAtUs: number | undefined;

  constructor(
    private currentSpeed: ReplaySpeed,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get speed(): ReplaySpeed {
    return this.currentSpeed;
  }

  /** Wall time at which recorded time `virtualUs` is due (-Infinity at max speed). */
  dueAt(virtualUs: number): number {
    if (this.currentSpeed === 'max') {
      return Number.NEGATIVE_INFINITY;
    }
    this.anchor ??= { virtualUs, wallMs: this.now() };
    return this.anchor.wallMs + (virtualUs - this.anchor.virtualUs) / 1000 / this.currentSpeed;
  }

  /** Recorded time the wall clock stands at now, once anchored. */
  virtualNow(): number | undefined {
    if (this.pausedAtUs !== undefined) {
      return this.pausedAtUs;
    }
    if (!this.anchor || this.currentSpeed === 'max') {
      return undefined;
    }
    return this.anchor.virtualUs + (this.now() - this.anchor.wallMs) * 1000 * this.currentSpeed;
  }

  /** Changes speed from `atUs` (the last frame sent) onwards. */
  setSpeed(speed: ReplaySpeed, atUs: number | undefined): void {
    const position = this.virtualNow() ?? atUs;
    this.currentSpeed = speed;
    this.anchor = position === undefined ? undefined : { virtualUs: position, wallMs: this.now() };
  }

  pause(atUs: number | undefined): void {
    this.pausedAtUs = this.virtualNow() ?? atUs;
  }

  resume(): void {
    const position = this.pausedAtUs;
    this.pausedAtUs = undefined;
    this.anchor = position === undefined ? undefined : { virtualUs: position, wallMs: this.now() };
  }
}
