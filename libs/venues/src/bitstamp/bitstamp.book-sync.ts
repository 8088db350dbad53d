import type { BookDeltaEnvelope, BookEnvelope, BookSnapshotEnvelope } from '@tickline/domain';

import type { BookSync, BookSyncStatus, SyncDecision } from '../core/venue-adapter.interface';

// Bitstamp has no sequence and no checksum. The rule (tardis `src/mappers/bitstamp.ts`, not
// Bitstamp's docs): buffer diffs until the REST snapshot, then drop every diff whose
// microtimestamp is at or before the snapshot's, and apply the rest in arrival order. On the
// bundled capture 2 to 25 diffs per pair fall before the snapshot and the rest increase.
// Gaps cannot be detected; only periodic re-snapshots catch drift.

export class BitstampBookSync implements BookSync {
  readonly venue = 'bitstamp' as const;
  private buffer: BookDeltaEnvelope[] = [];
  private snapshotRequested = false;
  /** The latest snapshot's microtimestamp once synced. */
  private snapshotTimeUs: number | undefined;

  constructor(
    readonly symbol: string,
    private readonly maxBuffered = 10_000,
  ) {}

  get status(): BookSyncStatus {
    return this.snapshotTimeUs === undefined ? 'awaiting_snapshot' : 'synced';
  }

  reset(): void {
    this.buffer = [];
    this.snapshotRequested = false;
    this.snapshotTimeUs = undefined;
  }

  handle(event: BookEnvelope): SyncDecision[] {
    if (event.type === 'book_snapshot') return this.onSnapshot(event);
    if (this.snapshotTimeUs === undefined) return this.bufferDelta(event);
    return [this.judge(event, this.snapshotTimeUs)];
  }

  private bufferDelta(delta: BookDeltaEnvelope): SyncDecision[] {
    const decisions: SyncDecision[] = [];
    this.buffer.push(delta);
    if (this.buffer.length > this.maxBuffered) {
      decisions.push({
        action: 'drop',
        event: this.buffer.shift() as BookDeltaEnvelope,
        reason: 'buffer_overflow',
        detail: `bitstamp ${this.symbol}: more than ${this.maxBuffered} diffs buffered while waiting for the snapshot`,
      });
    }
    decisions.push({ action: 'buffer', event: delta, requestSnapshot: !this.snapshotRequested });
    this.snapshotRequested = true;
    return decisions;
  }

  private onSnapshot(snapshot: BookSnapshotEnvelope): SyncDecision[] {
    const timeUs = snapshot.exchangeTimeUs;
    if (this.snapshotTimeUs !== undefined && timeUs <= this.snapshotTimeUs) {
      return [
        {
          action: 'drop',
          event: snapshot,
          reason: 'stale',
          detail: `bitstamp ${this.symbol}: snapshot microtimestamp ${timeUs} <= the current one ${this.snapshotTimeUs}`,
        },
      ];
    }
    this.snapshotTimeUs = timeUs;
    const decisions: SyncDecision[] = [
      { action: 'apply', event: snapshot, checksumVerified: false },
    ];
    for (const delta of this.buffer) decisions.push(this.judge(delta, timeUs));
    this.buffer = [];
    return decisions;
  }

  private judge(delta: BookDeltaEnvelope, snapshotTimeUs: number): SyncDecision {
    if (delta.exchangeTimeUs <= snapshotTimeUs) {
      return {
        action: 'drop',
        event: delta,
        reason: 'stale',
        detail: `bitstamp ${this.symbol}: diff microtimestamp ${delta.exchangeTimeUs} <= snapshot ${snapshotTimeUs}`,
      };
    }
    return { action: 'apply', event: delta, checksumVerified: false };
  }
}
