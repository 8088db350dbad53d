import type { BookDeltaEnvelope, BookEnvelope, BookSnapshotEnvelope } from '@tickline/domain';

import type { BookSync, BookSyncStatus, SyncDecision } from '../core/venue-adapter.interface';

// Binance spot diff-depth sync (web-socket-streams.md, "How to manage a local order book"):
//   1. buffer diffs and fetch /api/v3/depth; note the first buffered U;
//   2. if the snapshot's lastUpdateId < that U, the snapshot is too old: fetch again;
//   3. drop diffs with u <= lastUpdateId;
//   4. the first applied diff has U <= lastUpdateId+1 <= u;
//   5. then every diff has U == previous u + 1 (more generally: U <= local id + 1, else restart).
// Checked on the bundled capture: all four symbols drop their first diff by rule 3 and then
// chain with no gap.

function updateIds(event: BookDeltaEnvelope): { first: number; last: number } {
  const { firstUpdateId: first, lastUpdateId: last } = event;
  if (first === undefined || last === undefined) {
    throw new Error('A Binance book delta needs firstUpdateId (U) and lastUpdateId (u)');
  }
  return { first, last };
}

export class BinanceBookSync implements BookSync {
  readonly venue = 'binance' as const;
  private buffer: BookDeltaEnvelope[] = [];
  private snapshotRequested = false;
  /** The local book's update id once synced (`lastUpdateId`, then each applied `u`). */
  private localId: number | undefined;

  constructor(
    readonly symbol: string,
    private readonly maxBuffered = 10_000,
  ) {}

  get status(): BookSyncStatus {
    return this.localId === undefined ? 'awaiting_snapshot' : 'synced';
  }

  reset(): void {
    this.buffer = [];
    this.snapshotRequested = false;
    this.localId = undefined;
  }

  handle(event: BookEnvelope): SyncDecision[] {
    if (event.type === 'book_snapshot') return this.onSnapshot(event);
    if (this.localId === undefined) return this.bufferDelta(event);
    const decisions: SyncDecision[] = [];
    this.step(event, decisions);
    return decisions;
  }

  private bufferDelta(delta: BookDeltaEnvelope): SyncDecision[] {
    updateIds(delta);
    const decisions: SyncDecision[] = [];
    this.buffer.push(delta);
    if (this.buffer.length > this.maxBuffered) {
      const oldest = this.buffer.shift() as BookDeltaEnvelope;
      decisions.push({
        action: 'drop',
        event: oldest,
        reason: 'buffer_overflow',
        detail: `binance ${this.symbol}: more than ${this.maxBuffered} diffs buffered while waiting for the snapshot`,
      });
    }
    decisions.push({ action: 'buffer', event: delta, requestSnapshot: !this.snapshotRequested });
    this.snapshotRequested = true;
    return decisions;
  }

  private onSnapshot(snapshot: BookSnapshotEnvelope): SyncDecision[] {
    const lastUpdateId = snapshot.lastUpdateId;
    if (lastUpdateId === undefined) {
      throw new Error('A Binance book snapshot needs lastUpdateId');
    }
    if (this.localId !== undefined) {
      // A periodic snapshot while synced: the stream is already past it, or it moves us forward.
      if (lastUpdateId <= this.localId) {
        return [
          {
            action: 'drop',
            event: snapshot,
            reason: 'stale',
            detail: `binance ${this.symbol}: snapshot lastUpdateId ${lastUpdateId} <= local update id ${this.localId}`,
          },
        ];
      }
      this.localId = lastUpdateId;
      return [{ action: 'apply', event: snapshot, checksumVerified: false }];
    }
    const first = this.buffer[0];
    if (first !== undefined && lastUpdateId + 1 < updateIds(first).first) {
      // Keep the buffer: only the snapshot is useless.
      this.snapshotRequested = true;
      return [
        {
          action: 'resync',
          event: snapshot,
          reason: 'snapshot_too_old',
          method: 'rest_snapshot',
          detail: `binance ${this.symbol}: snapshot lastUpdateId ${lastUpdateId} is older than the first buffered diff (U=${updateIds(first).first})`,
          expected: updateIds(first).first - 1,
          received: lastUpdateId,
        },
      ];
    }
    this.localId = lastUpdateId;
    const decisions: SyncDecision[] = [
      { action: 'apply', event: snapshot, checksumVerified: false },
    ];
    const buffered = this.buffer;
    this.buffer = [];
    for (const delta of buffered) {
      if (this.localId !== undefined) {
        this.step(delta, decisions);
      } else {
        // A gap inside the buffer restarted the sync: the rest waits for the next snapshot.
        this.buffer.push(delta);
        decisions.push({ action: 'buffer', event: delta, requestSnapshot: false });
      }
    }
    return decisions;
  }

  /** One diff against the synced book (rules 3-5). */
  private step(delta: BookDeltaEnvelope, decisions: SyncDecision[]): void {
    const localId = this.localId as number;
    const { first, last } = updateIds(delta);
    if (last <= localId) {
      decisions.push({
        action: 'drop',
        event: delta,
        reason: 'stale',
        detail: `binance ${this.symbol}: u=${last} <= local update id ${localId}`,
      });
      return;
    }
    if (first > localId + 1) {
      // Restart: keep this diff as the first of the next buffer, and fetch a new snapshot.
      this.reset();
      this.buffer.push(delta);
      this.snapshotRequested = true;
      decisions.push({
        action: 'resync',
        event: delta,
        reason: 'gap',
        method: 'rest_snapshot',
        detail: `binance ${this.symbol}: U=${first} but the next update id is ${localId + 1}`,
        expected: localId + 1,
        received: first,
        missing: { from: localId + 1, to: first - 1 },
      });
      return;
    }
    this.localId = last;
    decisions.push({ action: 'apply', event: delta, checksumVerified: false });
  }
}
