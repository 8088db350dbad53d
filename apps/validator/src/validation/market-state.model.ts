import type { BookDeltaEnvelope } from '@tickline/domain';

import { BookGuard } from './book-guard.model';
import { IdentityWindow } from './identity-window.model';
import { OccurrenceWindow } from './occurrence-window.model';

/**
 * Deltas remembered per unsynced market. A late REST snapshot trails the other replica's deltas
 * by its round trip (a few deltas at venue rates); the cap bounds memory when many markets wait
 * for a snapshot at once (after a state rebuild, until the periodic snapshots arrive).
 */
export const MAX_UNSYNCED_DELTAS = 256;

export interface MarketStateLimits {
  readonly dedupeWindow: number;
  readonly maxBookDepth: number;
}

/**
 * What the validator remembers about one market: where its book sequence stands, the recent
 * identities of book updates and trades (with their content fingerprints), and the book. Every
 * part is bounded: the windows by `dedupeWindow`, the book by `maxBookDepth` levels per side.
 * Windows are created on first use, so a market that only trades holds no book window.
 */
export class MarketState {
  /** The last accepted book position (Binance/Bybit `u`, OKX `seqId`). */
  bookPosition: number | undefined;
  /** The latest exchange time among the book events taken into the sequence. */
  lastBookTimeUs: number | undefined;
  /** Set when the venue restarted its sequence: book events stamped before it are from the old one. */
  sequenceResetAtUs: number | undefined;
  /** The highest trade id seen, on venues whose trade ids are contiguous. */
  lastTradeId: number | undefined;
  readonly book: BookGuard;
  /**
   * The deltas accepted while the book is not synced (oldest first, at most
   * `MAX_UNSYNCED_DELTAS`): what rolls a snapshot that arrives behind the sequence forward.
   */
  readonly unsyncedDeltas: BookDeltaEnvelope[] = [];

  private bookIdWindow: IdentityWindow | undefined;
  private bookContentWindow: OccurrenceWindow | undefined;
  private tradeIdWindow: IdentityWindow | undefined;
  private tradeContentWindow: OccurrenceWindow | undefined;

  constructor(
    readonly marketId: string,
    private readonly limits: MarketStateLimits,
  ) {
    this.book = new BookGuard(limits.maxBookDepth);
  }

  /** Remembers a delta accepted while the book is not synced, forgetting the oldest beyond the cap. */
  rememberUnsyncedDelta(delta: BookDeltaEnvelope): void {
    if (this.unsyncedDeltas.length >= MAX_UNSYNCED_DELTAS) this.unsyncedDeltas.shift();
    this.unsyncedDeltas.push(delta);
  }

  get bookIds(): IdentityWindow {
    return (this.bookIdWindow ??= new IdentityWindow(this.limits.dedupeWindow));
  }

  get bookContent(): OccurrenceWindow {
    return (this.bookContentWindow ??= new OccurrenceWindow(this.limits.dedupeWindow));
  }

  get tradeIds(): IdentityWindow {
    return (this.tradeIdWindow ??= new IdentityWindow(this.limits.dedupeWindow));
  }

  get tradeContent(): OccurrenceWindow {
    return (this.tradeContentWindow ??= new OccurrenceWindow(this.limits.dedupeWindow));
  }
}
