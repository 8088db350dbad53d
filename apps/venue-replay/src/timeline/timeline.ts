import type { Venue } from '@tickline/domain';

import type { BookState } from '../book/book-state';
import type { FrameShift } from '../time/frame-slots.util';
import type { RecordRole, StreamInfo } from '../venues/venue-codec';

/** One frame due on the replay's timeline. */
export interface TimelineItem {
  /** Position on the recording's clock (epoch microseconds, loops included, before time shift). */
  readonly atUs: number;
  readonly stream: StreamInfo;
  /** `bridge`: a delta the server wrote at a loop boundary. */
  readonly role: RecordRole | 'bridge';
  /** The frame exactly as it goes on the wire (time shift and loop offsets applied). */
  readonly text: string;
}

/** A book at the current replay position with the shift its counters are rendered with. */
export interface BookView {
  readonly state: BookState;
  readonly shift: FrameShift;
}

export interface TimelinePosition {
  readonly loop: number;
  /** Frames handed out so far. */
  readonly emitted: number;
  /** Clock position of the last frame handed out (before time shift), if any. */
  readonly atUs?: number;
}

/**
 * The ordered frames of one venue's replay, recorded or generated, with the books they imply.
 * `book()` answers for the position after the last `next()`, which is what REST snapshots and
 * snapshots for new subscribers must agree with.
 */
export interface Timeline {
  readonly venue: Venue;
  readonly name: string;
  readonly synthetic: boolean;
  /** Seconds added to every exchange timestamp (the configured time shift). */
  readonly timeShiftSec: number;
  streams(): readonly StreamInfo[];
  stream(key: string): StreamInfo | undefined;
  /** Clock position of the next frame, undefined when the timeline has run out. */
  peekTime(): number | undefined;
  next(): TimelineItem | undefined;
  book(streamKey: string): BookView | undefined;
  /** The last data frame sent on a stream (Coinbase's `last_match` on subscribe). */
  latest(streamKey: string): string | undefined;
  position(): TimelinePosition;
  /** Whether the timeline repeats when it runs out. */
  loop: boolean;
}
