import type { Timeline, TimelineItem } from '../timeline/timeline';
import type { ReplayClock } from './replay-clock';

export type SchedulerState = 'idle' | 'playing' | 'paused' | 'ended';

export interface SchedulerHooks {
  /** Hands one frame to the venue's subscribers. */
  deliver(item: TimelineItem): void;
  /** True while some client's socket buffer is over its limit: the replay waits for it. */
  backpressured(): boolean;
  /** True when nobody listens: at max speed the replay waits instead of spinning. */
  idle(): boolean;
  onEnded?(): void;
}

/** Frames sent per turn of the event loop before yielding to I/O. */
const BATCH_FRAMES = 2_000;
const BATCH_MS = 20;
const WAIT_MS = 5;

/**
 * Walks a timeline in recorded-time order and hands each frame out when the clock says it is
 * due: with timers at real-time speeds, in batches that yield to I/O at max speed, pausing for
 * slow clients (nothing is ever skipped or dropped here; faults are per connection).
 */
export class ReplayScheduler {
  private currentState: SchedulerState = 'idle';
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  constructor(
    private readonly timeline: Timeline,
    readonly clock: ReplayClock,
    private readonly hooks: SchedulerHooks,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get state(): SchedulerState {
    return this.currentState;
  }

  start(): void {
    if (this.currentState === 'idle') {
      this.currentState = 'playing';
      this.schedule(0);
    }
  }

  pause(): void {
    if (this.currentState === 'playing') {
      this.currentState = 'paused';
      this.clock.pause(this.timeline.position().atUs);
      this.cancel();
    }
  }

  resume(): void {
    if (this.currentState === 'paused') {
      this.currentState = 'playing';
      this.clock.resume();
      this.schedule(0);
    }
  }

  /** Re-checks an ended timeline (looping was switched on) or a changed clock. */
  wake(): void {
    if (this.currentState === 'ended' && this.timeline.peekTime() !== undefined) {
      this.currentState = 'playing';
      this.clock.resume();
    }
    if (this.currentState === 'playing') {
      this.cancel();
      this.schedule(0);
    }
  }

  stop(): void {
    this.cancel();
    this.currentState = 'ended';
  }

  private schedule(delayMs: number): void {
    this.timer =
      delayMs <= 0 ? setImmediate(() => this.tick()) : setTimeout(() => this.tick(), delayMs);
  }

  private cancel(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
  }

  private tick(): void {
    this.timer = undefined;
    if (this.currentState !== 'playing') {
      return;
    }
    const started = this.now();
    for (let sent = 0; ; sent += 1) {
      const at = this.timeline.peekTime();
      if (at === undefined) {
        this.currentState = 'ended';
        this.hooks.onEnded?.();
        return;
      }
      const due = this.clock.dueAt(at);
      const now = this.now();
      if (due > now) {
        this.schedule(Math.max(1, Math.ceil(due - now)));
        return;
      }
      if (this.hooks.backpressured() || (due === Number.NEGATIVE_INFINITY && this.hooks.idle())) {
        this.schedule(WAIT_MS);
        return;
      }
      const item = this.timeline.next();
      if (item) {
        this.hooks.deliver(item);
      }
      if (sent >= BATCH_FRAMES || now - started > BATCH_MS) {
        this.schedule(0);
        return;
      }
    }
  }
}
