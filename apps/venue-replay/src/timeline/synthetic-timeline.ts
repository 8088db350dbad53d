import type { SyntheticFeed } from '../synthetic/synthetic-feed';
import { NO_SHIFT } from '../time/frame-slots.util';
import type { StreamInfo } from '../venues/venue-codec';
import type { BookView, Timeline, TimelineItem, TimelinePosition } from './timeline';

/**
 * An endless generated market (volume tests): no recording in memory, books straight from the
 * generator. Time shift is where the generator starts; looping does not apply.
 */
export class SyntheticTimeline implements Timeline {
  readonly synthetic = true;
  readonly timeShiftSec = 0;
  loop = false;
  private readonly byKey: ReadonlyMap<string, StreamInfo>;
  private readonly latestFrames = new Map<string, string>();
  private emitted = 0;
  private lastAtUs: number | undefined;

  constructor(
    private readonly feed: SyntheticFeed,
    readonly name: string,
  ) {
    this.byKey = new Map(feed.streams.map((stream) => [stream.key, stream]));
  }

  get venue() {
    return this.feed.options.venue;
  }

  streams(): readonly StreamInfo[] {
    return this.feed.streams;
  }

  stream(key: string): StreamInfo | undefined {
    return this.byKey.get(key);
  }

  peekTime(): number | undefined {
    return this.feed.peekTime();
  }

  next(): TimelineItem | undefined {
    const record = this.feed.next();
    if (!record) {
      return undefined;
    }
    this.emitted += 1;
    this.lastAtUs = record.t;
    if (record.r === 'data') {
      this.latestFrames.set(record.s, record.f);
    }
    return { atUs: record.t, stream: record.stream, role: record.r, text: record.f };
  }

  book(streamKey: string): BookView | undefined {
    const state = this.feed.book(streamKey);
    return state ? { state, shift: NO_SHIFT } : undefined;
  }

  latest(streamKey: string): string | undefined {
    return this.latestFrames.get(streamKey);
  }

  position(): TimelinePosition {
    return {
      loop: 0,
      emitted: this.emitted,
      ...(this.lastAtUs !== undefined ? { atUs: this.lastAtUs } : {}),
    };
  }
}
