import type { BookState } from '../book/book-state';
import type { PreparedRecording, BookTrackPlan } from '../recording/prepared-recording';
import { rewriteFrame, type FrameShift } from '../time/frame-slots.util';
import type { StreamInfo } from '../venues/venue-codec';
import type { BookView, Timeline, TimelineItem, TimelinePosition } from './timeline';

interface Cursor {
  readonly loop: number;
  /** Next record index. */
  readonly index: number;
  /** Book streams whose loop bridge is still to be sent. */
  readonly bridges: readonly BookTrackPlan[];
}

interface TrackState {
  loop: number;
  /** How many of the plan's applicable records are in `state`. */
  applied: number;
  state: BookState;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Plays a prepared recording, once or in loops. Loop k adds k loop periods to every timestamp
 * and k family spans to every id, and starts with one bridge delta per book that turns the last
 * book back into the first, so clients see one continuous, gap-free market across loops.
 */
export class RecordingTimeline implements Timeline {
  readonly synthetic: boolean;
  private cursor: Cursor = { loop: 0, index: 0, bridges: [] };
  private pending: { item: TimelineItem; after: Cursor } | undefined;
  private emitted = 0;
  private lastAtUs: number | undefined;
  private readonly latestFrames = new Map<string, string>();
  private readonly trackStates = new Map<string, TrackState>();
  private readonly shifts = new Map<number, FrameShift>();

  constructor(
    private readonly recording: PreparedRecording,
    readonly timeShiftSec: number,
    public loop: boolean,
  ) {
    this.synthetic = recording.header.synthetic;
  }

  get venue() {
    return this.recording.header.venue;
  }

  get name(): string {
    return this.recording.header.name;
  }

  streams(): readonly StreamInfo[] {
    return [...this.recording.streams.values()];
  }

  stream(key: string): StreamInfo | undefined {
    return this.recording.streams.get(key);
  }

  /** The rewrite applied to frames of loop `loop`. */
  shiftFor(loop: number): FrameShift {
    let shift = this.shifts.get(loop);
    if (!shift) {
      const spans = this.recording.familySpans;
      shift = {
        seconds: this.timeShiftSec + loop * this.recording.loopPeriodSec,
        idOffset: (family) => loop * (spans.get(family) ?? 0),
      };
      this.shifts.set(loop, shift);
    }
    return shift;
  }

  peekTime(): number | undefined {
    this.pending ??= this.compute(this.cursor);
    return this.pending?.item.atUs;
  }

  next(): TimelineItem | undefined {
    const pending = this.pending ?? this.compute(this.cursor);
    this.pending = undefined;
    if (!pending) {
      return undefined;
    }
    this.cursor = pending.after;
    this.emitted += 1;
    this.lastAtUs = pending.item.atUs;
    if (pending.item.role === 'data' || pending.item.role === 'latest') {
      this.latestFrames.set(pending.item.stream.key, pending.item.text);
    }
    return pending.item;
  }

  book(streamKey: string): BookView | undefined {
    const plan = this.recording.tracks.get(streamKey);
    if (!plan) {
      return undefined;
    }
    const { loop, index } = this.cursor;
    // Before a WebSocket snapshot has gone out in the first loop the book is unknown; a REST
    // baseline stands for every position before it (earlier diffs are covered by it).
    if (loop === 0 && plan.baselineRole === 'snapshot' && index <= plan.baselineIndex) {
      return undefined;
    }
    // A bridge not yet sent: the book is still the previous loop's last one.
    if (index === 0 && this.cursor.bridges.includes(plan)) {
      return { state: plan.end, shift: this.shiftFor(loop - 1) };
    }
    let target = 0;
    while (target < plan.applicable.length && (plan.applicable[target] as number) < index) {
      target += 1;
    }
    let track = this.trackStates.get(streamKey);
    if (!track || track.loop !== loop || track.applied > target) {
      track = { loop, applied: 0, state: (loop === 0 ? plan.baseline : plan.loopStart).clone() };
      this.trackStates.set(streamKey, track);
    }
    const codec = this.recording.codec;
    for (; track.applied < target; track.applied += 1) {
      const record = this.recording.records[plan.applicable[track.applied] as number];
      if (record) {
        codec.applyToBook(track.state, parse(record.text), record.role);
      }
    }
    return { state: track.state, shift: this.shiftFor(loop) };
  }

  latest(streamKey: string): string | undefined {
    return this.latestFrames.get(streamKey);
  }

  position(): TimelinePosition {
    return {
      loop: this.cursor.loop,
      emitted: this.emitted,
      ...(this.lastAtUs !== undefined ? { atUs: this.lastAtUs } : {}),
    };
  }

  private compute(from: Cursor): { item: TimelineItem; after: Cursor } | undefined {
    const { records, loopPeriodSec, firstUs, codec } = this.recording;
    let { loop, index, bridges } = from;
    for (;;) {
      const bridge = bridges[0];
      if (bridge) {
        const text = codec.renderDelta(
          bridge.stream,
          bridge.bridge.changes,
          bridge.bridge.book,
          this.shiftFor(loop - 1),
          bridge.bridge.context,
        );
        return {
          item: {
            atUs: firstUs + loop * loopPeriodSec * 1_000_000,
            stream: bridge.stream,
            role: 'bridge',
            text,
          },
          after: { loop, index, bridges: bridges.slice(1) },
        };
      }
      if (index >= records.length) {
        if (!this.loop || records.length === 0) {
          return undefined;
        }
        loop += 1;
        index = 0;
        bridges = [...this.recording.tracks.values()];
        continue;
      }
      const record = records[index] as (typeof records)[number];
      index += 1;
      if (record.role === 'rest' || (loop > 0 && !record.repeats)) {
        continue;
      }
      const text = rewriteFrame(record.text, record.slots, this.shiftFor(loop));
      return {
        item: {
          atUs: record.t + loop * loopPeriodSec * 1_000_000,
          stream: record.stream,
          role: record.role,
          text,
        },
        after: { loop, index, bridges },
      };
    }
  }
}
