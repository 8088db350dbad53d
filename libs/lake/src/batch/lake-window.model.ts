import type { Envelope } from '@tickline/domain';

import { LineSet } from '../encode/line-set.model';
import type {
  LakeStream,
  MissingRange,
  PartialReason,
  WindowCloseCause,
  WindowGap,
  WindowInfo,
} from './minute-batcher.types';

/** Gaps kept per window for the alert; further ones are only counted. */
export const MAX_WINDOW_GAPS = 16;

/** Heap bytes a buffered event costs beyond its line's bytes: its offset and three sort keys. */
export const EVENT_OVERHEAD_BYTES = 40;

/** A minute of one stream: open while events arrive, then handed out by `takeClosed()`. */
export class LakeWindow implements WindowInfo {
  readonly lines = new LineSet();
  readonly endUs: number;
  private readonly gapList: WindowGap[] = [];
  private gapTotal = 0;
  private lagMin = Number.POSITIVE_INFINITY;
  private lagMax = Number.NEGATIVE_INFINITY;
  private closeCause: WindowCloseCause | null = null;
  private closeWatermark = -1;
  private reasons: readonly PartialReason[] = [];
  /** Exchange-time ranges of the window this replica may not have seen; the last may be open. */
  private readonly missingList: { fromUs: number; toUs: number | null }[] = [];
  /** Estimated heap bytes of the buffered lines, released from the batcher's total on take. */
  estimatedBytes = 0;

  constructor(
    readonly stream: LakeStream,
    readonly startUs: number,
    durationUs: number,
    private seenFromStart: boolean,
  ) {
    this.endUs = startUs + durationUs;
    if (!seenFromStart) this.openMissing(startUs);
  }

  get fromStart(): boolean {
    return this.seenFromStart;
  }

  get eventCount(): number {
    return this.lines.size;
  }

  get gaps(): readonly WindowGap[] {
    return this.gapList;
  }

  get gapCount(): number {
    return this.gapTotal;
  }

  get receiveLagMinUs(): number {
    return this.lagMin === Number.POSITIVE_INFINITY ? 0 : this.lagMin;
  }

  get receiveLagMaxUs(): number {
    return this.lagMax === Number.NEGATIVE_INFINITY ? 0 : this.lagMax;
  }

  get isClosed(): boolean {
    return this.closeCause !== null;
  }

  get closedBy(): WindowCloseCause {
    if (this.closeCause === null) throw new Error('The window is still open.');
    return this.closeCause;
  }

  get watermarkUs(): number {
    return this.closeWatermark;
  }

  get partialReasons(): readonly PartialReason[] {
    return this.reasons;
  }

  get missing(): readonly MissingRange[] {
    return this.missingList.filter((range): range is MissingRange => range.toUs !== null);
  }

  get complete(): boolean {
    return this.closeCause !== null && this.reasons.length === 0;
  }

  /** Buffers an event; returns its estimated heap bytes. */
  add(event: Envelope): number {
    const bytes = this.lines.add(event) + EVENT_OVERHEAD_BYTES;
    const lag = event.receiveTimeUs - event.exchangeTimeUs;
    if (lag < this.lagMin) this.lagMin = lag;
    if (lag > this.lagMax) this.lagMax = lag;
    this.estimatedBytes += bytes;
    return bytes;
  }

  addGap(gap: WindowGap): void {
    if (this.gapList.length < MAX_WINDOW_GAPS) this.gapList.push(gap);
    this.gapTotal++;
  }

  /** Continuity is lost from `fromUs` on (until `resumeAt`): events after it may be missing. */
  openMissing(fromUs: number): void {
    const last = this.missingList[this.missingList.length - 1];
    if (last !== undefined && last.toUs === null) return;
    if (this.missingList.length >= MAX_WINDOW_GAPS + 2) return;
    this.missingList.push({ fromUs: Math.max(this.startUs, fromUs), toUs: null });
  }

  /**
   * Continuity is declared from `us` on (a mark that came after the window opened, e.g. a book
   * sync proving the diffs received before it): a window that began after `us` with no break
   * since is seen from its start after all.
   */
  continuousSince(us: number): void {
    const only = this.missingList[0];
    if (
      us < this.startUs &&
      !this.seenFromStart &&
      this.gapTotal === 0 &&
      this.missingList.length === 1 &&
      only?.fromUs === this.startUs &&
      only.toUs === null
    ) {
      this.seenFromStart = true;
      this.missingList.length = 0;
      return;
    }
    this.resumeAt(us);
  }

  /** Continuity holds again for events stamped after `us`. */
  resumeAt(us: number): void {
    const last = this.missingList[this.missingList.length - 1];
    if (last === undefined || last.toUs !== null) return;
    last.toUs = Math.min(this.endUs, Math.max(last.fromUs, us));
  }

  close(cause: WindowCloseCause, watermarkUs: number): void {
    this.resumeAt(this.endUs);
    // Closed before the stream's clock reached the end: the tail may be missing.
    if (watermarkUs < this.endUs) {
      this.openMissing(watermarkUs);
      this.resumeAt(this.endUs);
    }
    this.closeCause = cause;
    this.closeWatermark = watermarkUs;
    const reasons: PartialReason[] = [];
    if (!this.fromStart) reasons.push('not_from_start');
    if (this.gapTotal > 0) reasons.push('gap');
    // Closed on request before the stream's clock reached the end: the tail may be missing.
    if (watermarkUs < this.endUs) reasons.push('ended_early');
    this.reasons = reasons;
  }

  /** A plain copy of the window's description, without the data (safe to keep around). */
  info(): WindowInfo {
    return {
      stream: this.stream,
      startUs: this.startUs,
      endUs: this.endUs,
      eventCount: this.eventCount,
      fromStart: this.seenFromStart,
      complete: this.complete,
      partialReasons: this.reasons,
      gaps: this.gapList.slice(),
      gapCount: this.gapTotal,
      missing: this.missing,
      closedBy: this.closedBy,
      watermarkUs: this.closeWatermark,
      receiveLagMinUs: this.receiveLagMinUs,
      receiveLagMaxUs: this.receiveLagMaxUs,
    };
  }
}
