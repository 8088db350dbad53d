import type {
  BookDeltaEnvelope,
  BookEnvelope,
  BookSnapshotEnvelope,
  Venue,
} from '@tickline/domain';

import { L2Book } from '../book/l2-book.model';
import type { BookSync, BookSyncStatus, SyncDecision } from './venue-adapter.interface';

// Book sync for venues that send the snapshot in the stream after a subscribe (Coinbase level2,
// Kraken book, OKX books, Bybit orderbook): every snapshot resets the market; deltas before the
// first snapshot are dropped; a venue-specific sequence rule and/or checksum decide the rest,
// and any break means "resubscribe this market's book".

export type SequenceVerdict =
  | { readonly kind: 'next' }
  | { readonly kind: 'stale'; readonly detail: string }
  | {
      readonly kind: 'gap';
      readonly detail: string;
      readonly expected: number;
      readonly received: number;
      readonly missing?: { readonly from: number; readonly to: number };
    };

export interface SequenceRule {
  /** The position to remember after applying `event` (Bybit `u`, OKX `seqId`), if it has one. */
  position(event: BookEnvelope): number | undefined;
  /** Judges a delta against the remembered position. */
  judge(last: number, delta: BookDeltaEnvelope): SequenceVerdict;
}

export interface ChecksumRule {
  /** The checksum of the book as the venue defines it. */
  compute(book: L2Book): number;
  /** Checksums the venue sends but that carry no information (OKX sends 0 after June 2026). */
  ignores?(sent: number): boolean;
}

export interface StreamSyncRules {
  readonly sequence?: SequenceRule;
  readonly checksum?: ChecksumRule;
  /** Keep the book at the snapshot's depth after every delta (Kraken). */
  readonly truncateToSnapshotDepth?: boolean;
}

export class StreamBookSync implements BookSync {
  private _status: BookSyncStatus = 'awaiting_snapshot';
  private last: number | undefined;
  private depth: number | undefined;
  readonly book?: L2Book;

  constructor(
    readonly venue: Venue,
    readonly symbol: string,
    private readonly rules: StreamSyncRules,
  ) {
    // The book is only needed to verify checksums; without one, the machine stays O(1) per market.
    if (rules.checksum) this.book = new L2Book();
  }

  get status(): BookSyncStatus {
    return this._status;
  }

  reset(): void {
    this._status = 'awaiting_snapshot';
    this.last = undefined;
    this.depth = undefined;
    this.book?.clear();
  }

  handle(event: BookEnvelope): SyncDecision[] {
    return event.type === 'book_snapshot' ? this.onSnapshot(event) : this.onDelta(event);
  }

  private onSnapshot(snapshot: BookSnapshotEnvelope): SyncDecision[] {
    this.reset();
    this.depth = snapshot.payload.depth;
    if (this.book) {
      this.book.replace(snapshot.payload.bids, snapshot.payload.asks);
      if (this.rules.truncateToSnapshotDepth && this.depth !== undefined) {
        this.book.truncate(this.depth);
      }
    }
    const verdict = this.verifyChecksum(snapshot);
    if (verdict) return [verdict];
    this._status = 'synced';
    this.last = this.rules.sequence?.position(snapshot);
    return [{ action: 'apply', event: snapshot, checksumVerified: this.verified(snapshot) }];
  }

  private onDelta(delta: BookDeltaEnvelope): SyncDecision[] {
    if (this._status !== 'synced') {
      return [
        {
          action: 'drop',
          event: delta,
          reason: 'awaiting_snapshot',
          detail: `${this.venue} ${this.symbol}: delta before the book snapshot`,
        },
      ];
    }
    const sequence = this.rules.sequence;
    if (sequence && this.last !== undefined) {
      const verdict = sequence.judge(this.last, delta);
      if (verdict.kind === 'stale') {
        return [{ action: 'drop', event: delta, reason: 'stale', detail: verdict.detail }];
      }
      if (verdict.kind === 'gap') {
        this.reset();
        return [
          {
            action: 'resync',
            event: delta,
            reason: 'gap',
            method: 'resubscribe',
            detail: verdict.detail,
            expected: verdict.expected,
            received: verdict.received,
            ...(verdict.missing ? { missing: verdict.missing } : {}),
          },
        ];
      }
    }
    if (this.book) {
      this.book.update(delta.payload.bids, delta.payload.asks);
      if (this.rules.truncateToSnapshotDepth && this.depth !== undefined) {
        this.book.truncate(this.depth);
      }
    }
    const mismatch = this.verifyChecksum(delta);
    if (mismatch) return [mismatch];
    const position = sequence?.position(delta);
    if (position !== undefined) this.last = position;
    return [{ action: 'apply', event: delta, checksumVerified: this.verified(delta) }];
  }

  private checks(event: BookEnvelope): event is BookEnvelope & { checksum: number } {
    const rule = this.rules.checksum;
    return (
      rule !== undefined &&
      this.book !== undefined &&
      event.checksum !== undefined &&
      !(rule.ignores?.(event.checksum) ?? false)
    );
  }

  private verified(event: BookEnvelope): boolean {
    return this.checks(event);
  }

  /** A resync decision when the event's checksum does not match the book; else undefined. */
  private verifyChecksum(event: BookEnvelope): SyncDecision | undefined {
    if (!this.checks(event)) return undefined;
    const computed = (this.rules.checksum as ChecksumRule).compute(this.book as L2Book);
    if (computed === event.checksum) return undefined;
    this.reset();
    return {
      action: 'resync',
      event,
      reason: 'checksum_mismatch',
      method: 'resubscribe',
      detail: `${this.venue} ${this.symbol}: book checksum ${computed} differs from the venue's ${event.checksum}`,
      expected: event.checksum,
      received: computed,
    };
  }
}
