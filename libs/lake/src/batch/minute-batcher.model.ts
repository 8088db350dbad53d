import { type DataType, type Envelope, MICROS_PER_MINUTE, type System } from '@tickline/domain';

import { LakeWindow } from './lake-window.model';
import type {
  GapReport,
  LakeStream,
  MinuteBatcherOptions,
  MinuteBatcherStats,
  PushResult,
  WindowCloseCause,
  WindowGap,
} from './minute-batcher.types';

/** A closed window as `takeClosed()` hands it out; `encodeWindow` turns it into object bytes. */
export type ClosedWindow = LakeWindow;

const DEFAULT_GRACE_US = 5_000_000;
const DEFAULT_MAX_EVENTS = 4_000_000;
const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const DEFAULT_HIGH_WATER = 0.8;

const NO_WINDOWS: readonly LakeWindow[] = Object.freeze([]) as readonly LakeWindow[];

function slotOf(type: DataType, system: System): number {
  const t = type === 'trade' ? 0 : type === 'book_delta' ? 1 : type === 'book_snapshot' ? 2 : -1;
  const s = system === 'primary' ? 0 : system === 'replica' ? 1 : -1;
  if (t < 0 || s < 0) {
    throw new Error(`Unknown lake stream type ${String(type)} or system ${String(system)}`);
  }
  return t * 2 + s;
}

/** Continuity and open windows of one stream. Times are exchange-clock epoch µs. */
class StreamState {
  /** Open windows, by start. Usually one, two around a minute boundary. */
  readonly windows: LakeWindow[] = [];
  /** The window the previous event went to: the next one almost always goes there too. */
  current: LakeWindow | null = null;
  /** The stream's exchange clock: the latest exchange time pushed or advanced to. */
  watermarkUs = -1;
  /** Exchange time of the last event pushed (the default "last good" point of a gap). */
  lastEventUs = -1;
  /**
   * Every event stamped after this time is (or will be) pushed; `null` while continuity is
   * unknown (never started, or broken and not yet resumed).
   */
  coveredSinceUs: number | null = null;
  /** The next pushed event (re)starts continuity at its own exchange time, if that is earlier. */
  awaitingFirst = true;
  /** Continuity (re)starts only with `markContinuous`, never with a pushed event. */
  anchored = false;
  /** Earliest `end + grace` of the open windows. */
  nextCloseUs = Number.POSITIVE_INFINITY;
  /** End of the latest closed window: events before it are late. */
  closedThroughUs = -1;

  constructor(readonly stream: LakeStream) {}
}

/**
 * Groups envelopes into minute windows per stream (system, type, venue, market) by their
 * EXCHANGE timestamp, never the wall clock, so every replica cuts the same windows. It tracks
 * per window whether the stream was continuous since before the window began and whether a
 * break (gap, resync, reconnect, overflow) fell inside it; a window closes when the stream's
 * exchange clock passes its end plus the grace, or on `flush`. Memory is bounded: beyond the
 * limits `push` rejects events and counts them. No I/O, no timers: the caller drives it.
 *
 * Typical use: `push` every event, take `takeClosed()` windows when `closedWaiting > 0`, encode
 * and write them; `reportGap` when a sequence check fails; `markContinuous` when a subscription
 * takes effect; `flush()` on shutdown.
 */
export class MinuteBatcher {
  private readonly graceUs: number;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly highEvents: number;
  private readonly highBytes: number;
  private readonly byVenue = new Map<string, Map<string, (StreamState | undefined)[]>>();
  private readonly allStreams: StreamState[] = [];
  private ready: LakeWindow[] = [];
  private pressured = false;
  private counts = {
    accepted: 0,
    late: 0,
    rejected: 0,
    gaps: 0,
    pressureEpisodes: 0,
    windowsClosed: 0,
    windowsPartial: 0,
  };
  private bufferedEvents = 0;
  private bufferedBytes = 0;
  private openWindows = 0;

  constructor(options: MinuteBatcherOptions = {}) {
    this.graceUs = options.graceUs ?? DEFAULT_GRACE_US;
    this.maxEvents = options.maxBufferedEvents ?? DEFAULT_MAX_EVENTS;
    this.maxBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BYTES;
    const ratio = options.highWaterRatio ?? DEFAULT_HIGH_WATER;
    if (!Number.isSafeInteger(this.graceUs) || this.graceUs < 0) {
      throw new RangeError(`graceUs must be a non-negative integer, got ${this.graceUs}`);
    }
    if (!(this.maxEvents >= 1) || !(this.maxBytes >= 1)) {
      throw new RangeError('maxBufferedEvents and maxBufferedBytes must be at least 1');
    }
    if (!(ratio > 0 && ratio <= 1)) {
      throw new RangeError(`highWaterRatio must be in (0, 1], got ${ratio}`);
    }
    this.highEvents = Math.ceil(this.maxEvents * ratio);
    this.highBytes = Math.ceil(this.maxBytes * ratio);
  }

  /** Buffered data is at or above the high-water mark: pause reading, drain the writer. */
  get underPressure(): boolean {
    return this.pressured;
  }

  /** Closed windows waiting for `takeClosed()`. */
  get closedWaiting(): number {
    return this.ready.length;
  }

  /**
   * Adds one event to its window. Hot path: no allocation beyond the event's line unless a
   * window opens or closes.
   */
  push(event: Envelope): PushResult {
    const s = this.stateOf(event);
    const t = event.exchangeTimeUs;
    const startUs = t - (t % MICROS_PER_MINUTE);
    const endUs = startUs + MICROS_PER_MINUTE;
    if (endUs + this.graceUs <= s.watermarkUs || endUs <= s.closedThroughUs) {
      this.counts.late++;
      return 'late';
    }
    if (this.bufferedEvents >= this.maxEvents || this.bufferedBytes >= this.maxBytes) {
      this.counts.rejected++;
      // The event is lost to the lake: whatever window it belonged to cannot be complete. Once
      // broken, further rejections only count until an accepted event restarts continuity.
      if (!(s.awaitingFirst && s.coveredSinceUs === null)) {
        const after = s.lastEventUs >= 0 ? Math.min(t, s.lastEventUs) : null;
        this.breakContinuity(s, { reason: 'overflow' }, after);
      }
      this.advance(s, t);
      return 'rejected';
    }
    if (s.awaitingFirst && !s.anchored) {
      s.coveredSinceUs = s.coveredSinceUs === null ? t : Math.min(s.coveredSinceUs, t);
      s.awaitingFirst = false;
      for (const w of s.windows) w.resumeAt(s.coveredSinceUs);
    }
    let w = s.current;
    if (w === null || w.startUs !== startUs) {
      w = this.windowOf(s, startUs);
      s.current = w;
    }
    const bytes = w.add(event);
    this.bufferedEvents++;
    this.bufferedBytes += bytes;
    this.counts.accepted++;
    s.lastEventUs = t;
    this.advance(s, t);
    if (
      !this.pressured &&
      (this.bufferedEvents >= this.highEvents || this.bufferedBytes >= this.highBytes)
    ) {
      this.pressured = true;
      this.counts.pressureEpisodes++;
    }
    return 'accepted';
  }

  /**
   * A break of continuity on a stream: a sequence gap, a resync, a reconnect. Every open window
   * that ends after the last good event is marked, and continuity restarts with the next event
   * pushed (or `markContinuous`), so windows that began before that are partial too.
   */
  reportGap(stream: LakeStream, gap: GapReport): void {
    const s = this.stateOf(stream);
    const after = gap.afterExchangeUs ?? (s.lastEventUs >= 0 ? s.lastEventUs : null);
    this.breakContinuity(s, gap, after);
  }

  /**
   * Declares that every event of the stream stamped after `sinceUs` (exchange clock) will be
   * pushed from now on: call it when a subscription takes effect, so a window that began after
   * that is complete even if its first event comes late in the minute. With a local clock
   * reading, add the largest expected clock skew. Without this call continuity starts at the
   * first event pushed, which is always safe but makes that event's window partial.
   */
  markContinuous(stream: LakeStream, sinceUs: number): void {
    const s = this.stateOf(stream);
    // Broken or not started: this is the new start. Already continuous: an earlier start only.
    s.coveredSinceUs =
      s.awaitingFirst || s.coveredSinceUs === null ? sinceUs : Math.min(s.coveredSinceUs, sinceUs);
    for (const w of s.windows) w.continuousSince(s.coveredSinceUs);
  }

  /**
   * From now on the stream's continuity (re)starts only with `markContinuous`, never with the
   * next event pushed: for streams whose completeness a check proves, such as a book's diffs
   * once the book sync lined them up with a snapshot. Diffs received before that (or after a
   * break, before the resync) may follow a hole, so their windows stay partial.
   */
  requireMark(stream: LakeStream): void {
    const s = this.stateOf(stream);
    s.anchored = true;
    if (s.awaitingFirst) s.coveredSinceUs = null;
  }

  /**
   * Moves a stream's exchange clock forward without an event (a venue heartbeat carrying the
   * exchange time), closing windows it passes. Never moves it back.
   */
  advanceWatermark(stream: LakeStream, exchangeUs: number): void {
    this.advance(this.stateOf(stream), exchangeUs);
  }

  /**
   * Moves every stream's clock forward to `exchangeUs`: for idle markets, whose windows would
   * otherwise wait for their next event. The caller asserts that no event stamped before
   * `exchangeUs - grace` is still to come; one that does is `late`.
   */
  advanceAllWatermarks(exchangeUs: number): void {
    for (const s of this.allStreams) this.advance(s, exchangeUs);
  }

  /**
   * Closes every open window of the stream now (an unsubscribe) and ends its continuity. A
   * window the stream's clock has not passed the end of is partial (`ended_early`).
   */
  flushStream(stream: LakeStream): void {
    const s = this.stateOf(stream);
    this.closeWindows(s, s.windows.length, 'flush');
    s.coveredSinceUs = null;
    s.awaitingFirst = true;
  }

  /** Closes every open window of every stream (shutdown). */
  flush(): void {
    for (const s of this.allStreams) {
      this.closeWindows(s, s.windows.length, 'flush');
      s.coveredSinceUs = null;
      s.awaitingFirst = true;
    }
  }

  /** Hands out the closed windows (ownership passes to the caller) and frees their budget. */
  takeClosed(): readonly ClosedWindow[] {
    if (this.ready.length === 0) return NO_WINDOWS;
    const taken = this.ready;
    this.ready = [];
    for (const w of taken) {
      this.bufferedEvents -= w.eventCount;
      this.bufferedBytes -= w.estimatedBytes;
    }
    if (
      this.pressured &&
      this.bufferedEvents < this.highEvents &&
      this.bufferedBytes < this.highBytes
    ) {
      this.pressured = false;
    }
    return taken;
  }

  stats(): MinuteBatcherStats {
    return {
      ...this.counts,
      bufferedEvents: this.bufferedEvents,
      bufferedBytes: this.bufferedBytes,
      openWindows: this.openWindows,
      closedWaiting: this.ready.length,
      streams: this.allStreams.length,
    };
  }

  private stateOf(stream: LakeStream): StreamState {
    let markets = this.byVenue.get(stream.venue);
    if (markets === undefined) {
      markets = new Map();
      this.byVenue.set(stream.venue, markets);
    }
    let slots = markets.get(stream.market);
    if (slots === undefined) {
      slots = [undefined, undefined, undefined, undefined, undefined, undefined];
      markets.set(stream.market, slots);
    }
    const slot = slotOf(stream.type, stream.system);
    let s = slots[slot];
    if (s === undefined) {
      // A copy, so the state does not keep the first event (and its payload) alive.
      s = new StreamState({
        system: stream.system,
        type: stream.type,
        venue: stream.venue,
        market: stream.market,
      });
      slots[slot] = s;
      this.allStreams.push(s);
    }
    return s;
  }

  private windowOf(s: StreamState, startUs: number): LakeWindow {
    const windows = s.windows;
    let i = windows.length;
    while (i > 0 && (windows[i - 1] as LakeWindow).startUs >= startUs) {
      const w = windows[i - 1] as LakeWindow;
      if (w.startUs === startUs) return w;
      i--;
    }
    // Strictly before: an event stamped exactly at coveredSinceUs may share its microsecond
    // with events sent before continuity began.
    const fromStart = s.coveredSinceUs !== null && s.coveredSinceUs < startUs;
    const w = new LakeWindow(s.stream, startUs, MICROS_PER_MINUTE, fromStart);
    if (!fromStart && s.coveredSinceUs !== null) w.resumeAt(s.coveredSinceUs);
    windows.splice(i, 0, w);
    this.openWindows++;
    const closeAt = w.endUs + this.graceUs;
    if (closeAt < s.nextCloseUs) s.nextCloseUs = closeAt;
    return w;
  }

  private advance(s: StreamState, exchangeUs: number): void {
    if (exchangeUs <= s.watermarkUs) return;
    s.watermarkUs = exchangeUs;
    if (exchangeUs < s.nextCloseUs) return;
    let n = 0;
    const limit = exchangeUs - this.graceUs;
    while (n < s.windows.length && (s.windows[n] as LakeWindow).endUs <= limit) n++;
    this.closeWindows(s, n, 'watermark');
  }

  /** Closes the first `n` open windows of the stream. */
  private closeWindows(s: StreamState, n: number, cause: WindowCloseCause): void {
    if (n === 0) return;
    const closing = s.windows.splice(0, n);
    for (const w of closing) {
      w.close(cause, s.watermarkUs);
      if (w.endUs > s.closedThroughUs) s.closedThroughUs = w.endUs;
      if (w === s.current) s.current = null;
      this.counts.windowsClosed++;
      if (!w.complete) this.counts.windowsPartial++;
      this.ready.push(w);
    }
    this.openWindows -= n;
    s.nextCloseUs =
      s.windows.length === 0
        ? Number.POSITIVE_INFINITY
        : (s.windows[0] as LakeWindow).endUs + this.graceUs;
  }

  private breakContinuity(s: StreamState, gap: GapReport, after: number | null): void {
    const record: WindowGap = {
      reason: gap.reason,
      afterExchangeUs: after,
      ...(gap.expected === undefined ? {} : { expected: gap.expected }),
      ...(gap.received === undefined ? {} : { received: gap.received }),
    };
    for (const w of s.windows) {
      if (after === null || w.endUs > after) {
        w.addGap(record);
        w.openMissing(after ?? w.startUs);
      }
    }
    s.coveredSinceUs = null;
    s.awaitingFirst = true;
    this.counts.gaps++;
  }
}
