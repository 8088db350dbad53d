import type { DataType, System, Venue } from '@tickline/domain';

/**
 * One lake stream: what a lake object is keyed by, apart from the minute. An envelope is one
 * (it has these four fields), so callers pass the event itself where a stream is asked for.
 */
export interface LakeStream {
  readonly system: System;
  readonly type: DataType;
  readonly venue: Venue;
  /** Normalized market, e.g. `BTC-USDT`. */
  readonly market: string;
}

/** Why continuity of a stream broke; the ingestor reports the first four, the batcher `overflow`. */
export const GAP_REASONS = [
  'gap',
  'resync',
  'reconnect',
  'checksum',
  'unsubscribed',
  'overflow',
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface GapReport {
  readonly reason: GapReason;
  /**
   * Exchange time (µs) of the last event known to be good before the break: events after it may
   * be missing. Defaults to the exchange time of the last event pushed on the stream.
   */
  readonly afterExchangeUs?: number;
  /** The sequence id the venue should have sent next, when known (for the alert's range). */
  readonly expected?: number;
  /** The sequence id it sent instead. */
  readonly received?: number;
}

/** A break of continuity as recorded on a window. */
export interface WindowGap {
  readonly reason: GapReason;
  /** Last good exchange time before the break, `null` when the stream had no event yet. */
  readonly afterExchangeUs: number | null;
  readonly expected?: number;
  readonly received?: number;
}

/**
 * Exchange times (epoch µs, both inclusive) within a window whose events this replica may not
 * have: before continuity began, between a break and the resumption, after an early close.
 */
export interface MissingRange {
  readonly fromUs: number;
  readonly toUs: number;
}

/** Why a window is partial; a complete window has none. */
export const PARTIAL_REASONS = ['not_from_start', 'gap', 'ended_early'] as const;
export type PartialReason = (typeof PARTIAL_REASONS)[number];

/** `watermark`: the stream's exchange clock passed end + grace. `flush`: closed on request. */
export type WindowCloseCause = 'watermark' | 'flush';

/** Everything about a closed window except its data: what a write result and an alert carry. */
export interface WindowInfo {
  readonly stream: LakeStream;
  /** First microsecond of the minute (epoch µs, exchange clock). */
  readonly startUs: number;
  /** First microsecond after it. */
  readonly endUs: number;
  readonly eventCount: number;
  /** The stream was continuous since before the window began. */
  readonly fromStart: boolean;
  /** fromStart, no gap inside, and the stream's clock reached the end: the canonical key. */
  readonly complete: boolean;
  readonly partialReasons: readonly PartialReason[];
  /** The first breaks recorded in the window (at most `MAX_WINDOW_GAPS`); `gapCount` has all. */
  readonly gaps: readonly WindowGap[];
  readonly gapCount: number;
  /** Where the window may miss events (empty for a complete window); at most 18 ranges. */
  readonly missing: readonly MissingRange[];
  readonly closedBy: WindowCloseCause;
  /** The stream's exchange clock when the window closed. */
  readonly watermarkUs: number;
  /** Smallest and largest receive time minus exchange time over the window's events (µs). */
  readonly receiveLagMinUs: number;
  readonly receiveLagMaxUs: number;
}

export interface MinuteBatcherOptions {
  /**
   * How far (µs) a stream's exchange clock must pass a window's end before the window closes, so
   * events stamped slightly out of order still land in it. Default 5 s.
   */
  readonly graceUs?: number;
  /** Hard bound on buffered events (open windows plus closed ones not taken). Default 4,000,000. */
  readonly maxBufferedEvents?: number;
  /** Hard bound on buffered line bytes (see `estimatedBytes`). Default 1 GiB. */
  readonly maxBufferedBytes?: number;
  /** `underPressure` turns on at this fraction of either bound. Default 0.8. */
  readonly highWaterRatio?: number;
}

/** What `push` did with an event. */
export type PushResult =
  /** Buffered in its window. */
  | 'accepted'
  /** Its window has already closed; not buffered (counted in `late`). */
  | 'late'
  /** The buffer is full; not buffered, and the stream's continuity is broken (overflow). */
  | 'rejected';

export interface MinuteBatcherStats {
  readonly accepted: number;
  readonly late: number;
  readonly rejected: number;
  /** Breaks of continuity reported or caused by overflow. */
  readonly gaps: number;
  /** How many times `underPressure` turned on. */
  readonly pressureEpisodes: number;
  readonly windowsClosed: number;
  readonly windowsPartial: number;
  readonly bufferedEvents: number;
  readonly bufferedBytes: number;
  readonly openWindows: number;
  readonly closedWaiting: number;
  readonly streams: number;
}
