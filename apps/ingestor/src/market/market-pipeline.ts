import type { BookEnvelope, BookSnapshotEnvelope, Envelope, Venue } from '@tickline/domain';
import { OrderBook } from '@tickline/order-book';
import type { BookSync, ResyncReason, SyncDecision } from '@tickline/venues';

import type { AlertSink, EnvelopeSink } from './ingest-sinks.interface';

/** Counters the pipeline reports; the service backs them with Prometheus metrics. */
export interface MarketMetrics {
  gap(venue: Venue, missing: number): void;
  resync(venue: Venue, reason: ResyncReason): void;
  drop(venue: Venue, reason: string): void;
  snapshot(venue: Venue, source: 'venue' | 'periodic'): void;
}

/** What a market needs from the ingestor around it. */
export interface MarketHost {
  readonly sink: EnvelopeSink;
  readonly alerts: AlertSink;
  readonly metrics: MarketMetrics;
  /** Fetch the REST snapshot and feed it back through `handle` (with retry). */
  requestSnapshot(market: MarketPipeline, reason: string): void;
  /** Unsubscribe and subscribe the market's book stream to get a fresh in-stream snapshot. */
  resubscribeBook(market: MarketPipeline): void;
  /** The venue stamps snapshots with its own time of the book (see VenueAdapter). */
  readonly snapshotAtVenueTime: boolean;
  /**
   * A snapshot this replica asked the venue for (REST, or sent on subscribe) is about to be
   * published: other replicas do not have it, so the lake window it lands in must not be
   * canonical (the periodic snapshots are the shared ones).
   */
  ownSnapshot(market: MarketPipeline, event: BookSnapshotEnvelope): void;
  /** The latest exchange time seen on the venue's streams (undefined before the first event). */
  readonly exchangeClockUs: number | undefined;
  /**
   * The book sync proved the market's `book_delta` stream complete for every diff stamped after
   * `sinceUs` (the lake's windows that begin after it can be canonical).
   */
  bookContinuous(market: MarketPipeline, event: BookEnvelope, sinceUs: number): void;
  /**
   * The market's `book_delta` stream lost continuity after exchange time `afterUs` (the lake
   * marks the windows it touches partial).
   */
  breakBookStream(
    market: MarketPipeline,
    event: BookEnvelope,
    reason: 'gap' | 'checksum' | 'resync',
    afterUs: number,
    expected?: number,
    received?: number,
  ): void;
}

/**
 * One market (venue x native symbol): every mapped envelope goes to the sink unchanged, book
 * envelopes also go through the venue's sync rule, which decides buffering, snapshot fetches,
 * drops and resyncs. Gaps are alerted at once with the exact missing range. At each snapshot
 * interval boundary of exchange time the market's book is written into the stream as a
 * `book_snapshot`, so a window of the lake can be replayed on its own; using exchange time
 * (not the wall clock) keeps redundant replicas emitting the same snapshots.
 */
export class MarketPipeline {
  readonly key: string;
  /** The engine of @tickline/order-book: this book takes every diff of the market. */
  private readonly book = new OrderBook();
  private lastBucket: number | undefined;
  /** Exchange time of the last event applied to the book: the last one known good. */
  private lastAppliedUs: number | undefined;
  /** The book stream is not (yet, or no longer) proven complete: the next sync proves it. */
  private continuityPending = true;
  /** Snapshot fetches needed in a row without success (snapshot older than the buffer). */
  snapshotAttempts = 0;

  constructor(
    readonly venue: Venue,
    readonly symbol: string,
    private readonly sync: BookSync | undefined,
    private readonly host: MarketHost,
    private readonly snapshotIntervalUs: number,
  ) {
    this.key = `${venue}:${symbol}`;
  }

  get synced(): boolean {
    return this.sync?.status === 'synced';
  }

  /** Best levels of the book the pipeline keeps (tests, checkpoints). */
  bookTop(depth: number): { bids: [string, string][]; asks: [string, string][] } {
    return { bids: this.book.levels('bids', depth), asks: this.book.levels('asks', depth) };
  }

  handle(received: Envelope): void {
    const envelope = this.onExchangeClock(received);
    if (envelope.type === 'book_snapshot') this.host.ownSnapshot(this, envelope);
    this.host.sink.publish(envelope);
    if (envelope.type === 'trade' || !this.sync) return;
    for (const decision of this.sync.handle(envelope)) this.decide(decision);
  }

  /**
   * A snapshot the venue does not stamp with its own time (a REST response stamped on receipt,
   * a Kraken book's latest level time) gets the venue's exchange clock instead, so it lands in
   * the current lake window whatever the local clock says (replays shifted into another day).
   */
  private onExchangeClock(envelope: Envelope): Envelope {
    const clock = this.host.exchangeClockUs;
    if (envelope.type !== 'book_snapshot' || this.host.snapshotAtVenueTime || clock === undefined) {
      return envelope;
    }
    return envelope.exchangeTimeUs === clock ? envelope : { ...envelope, exchangeTimeUs: clock };
  }

  /** After a reconnect: the stream had a hole of unknown size, so start the book over. */
  reset(): void {
    this.sync?.reset();
    this.book.clear();
    this.lastBucket = undefined;
    this.lastAppliedUs = undefined;
    this.continuityPending = true;
  }

  private decide(decision: SyncDecision): void {
    switch (decision.action) {
      case 'apply':
        this.apply(decision.event);
        return;
      case 'buffer':
        if (decision.requestSnapshot) this.host.requestSnapshot(this, 'first diff buffered');
        return;
      case 'drop':
        this.host.metrics.drop(this.venue, decision.reason);
        if (decision.reason === 'buffer_overflow') {
          this.host.alerts.alert({
            ...this.where(decision.event),
            kind: 'drop',
            severity: 'warning',
            message: `Dropped a buffered ${this.key} diff while waiting for the snapshot: ${decision.detail}.`,
            detail: { reason: decision.reason, count: 1 },
          });
        }
        return;
      case 'resync':
        this.resync(decision);
        return;
    }
  }

  private resync(decision: Extract<SyncDecision, { action: 'resync' }>): void {
    this.book.clear();
    this.lastBucket = undefined;
    const wasContinuous = !this.continuityPending;
    this.continuityPending = true;
    this.host.metrics.resync(this.venue, decision.reason);
    // What is missing lies between the last applied event and the one that revealed it.
    const revealedUs = decision.event.exchangeTimeUs - 1;
    const afterUs = Math.min(this.lastAppliedUs ?? revealedUs, revealedUs);
    if (decision.reason !== 'gap' && decision.reason !== 'checksum_mismatch' && wasContinuous) {
      // The book starts over (a resubscribe leaves a hole): the lake must not bridge it.
      this.host.breakBookStream(this, decision.event, 'resync', afterUs);
    }
    if (decision.reason === 'gap' || decision.reason === 'checksum_mismatch') {
      this.host.breakBookStream(
        this,
        decision.event,
        decision.reason === 'gap' ? 'gap' : 'checksum',
        afterUs,
        decision.expected,
        decision.received,
      );
      const missing = decision.missing;
      const count = missing ? missing.to - missing.from + 1 : undefined;
      if (decision.reason === 'gap') this.host.metrics.gap(this.venue, count ?? 0);
      const range = missing ? ` ids ${missing.from}..${missing.to} (${count}) are missing` : '';
      this.host.alerts.alert({
        ...this.where(decision.event),
        kind: decision.reason,
        severity: 'critical',
        message:
          `${decision.reason === 'gap' ? 'Sequence gap' : 'Checksum mismatch'} on ${this.key}:${range} ${decision.detail}`.trim(),
        detail: {
          reason: decision.reason === 'gap' ? 'sequence_gap' : 'checksum_mismatch',
          ...(decision.expected !== undefined ? { expected: decision.expected } : {}),
          ...(decision.received !== undefined ? { received: decision.received } : {}),
          ...(count !== undefined ? { count } : {}),
          ...(missing ? { missingFrom: missing.from, missingTo: missing.to } : {}),
        },
      });
      this.host.alerts.alert({
        ...this.where(decision.event),
        kind: 'resync',
        severity: 'warning',
        message: `Resyncing ${this.key} by ${decision.method} after a ${decision.reason}.`,
        detail: { reason: decision.reason, method: decision.method },
      });
    }
    if (decision.method === 'rest_snapshot') this.host.requestSnapshot(this, decision.reason);
    else this.host.resubscribeBook(this);
  }

  private apply(event: BookEnvelope): void {
    this.lastAppliedUs = event.exchangeTimeUs;
    // Continuity is proven from the snapshot's own time where the venue stamps it, else from the
    // first diff applied after it (diffs stamped later all follow it in sequence).
    if (this.continuityPending && (event.type === 'book_delta' || this.host.snapshotAtVenueTime)) {
      this.continuityPending = false;
      this.host.bookContinuous(this, event, event.exchangeTimeUs);
    }
    if (event.type === 'book_snapshot') {
      this.book.applySnapshot(event.payload);
      this.snapshotAttempts = 0;
      this.lastBucket = this.bucketOf(event.exchangeTimeUs);
      return;
    }
    this.book.applyDelta(event.payload);
    if (this.snapshotIntervalUs <= 0) return;
    const bucket = this.bucketOf(event.exchangeTimeUs);
    if (this.lastBucket !== undefined && bucket > this.lastBucket) {
      this.host.sink.publish(this.snapshotAfter(event));
      this.host.metrics.snapshot(this.venue, 'periodic');
    }
    this.lastBucket = bucket;
  }

  /**
   * The book right after `event`, stamped with its time and sequence position. Where the sync
   * keeps the venue's own book (Kraken truncated to the subscribed depth, as the venue defines
   * it), that one: it is what every replica has, whenever it synced.
   */
  private snapshotAfter(event: BookEnvelope): BookSnapshotEnvelope {
    const venueBook = this.sync?.book;
    return {
      v: event.v,
      type: 'book_snapshot',
      venue: event.venue,
      symbol: event.symbol,
      market: event.market,
      exchangeTimeUs: event.exchangeTimeUs,
      receiveTimeUs: event.receiveTimeUs,
      ...(event.seqId !== undefined ? { seqId: event.seqId } : {}),
      ...(event.lastUpdateId !== undefined ? { lastUpdateId: event.lastUpdateId } : {}),
      ...(event.checksum !== undefined ? { checksum: event.checksum } : {}),
      system: event.system,
      ingesterId: event.ingesterId,
      payload: venueBook
        ? {
            bids: venueBook.bids.top(venueBook.bids.size),
            asks: venueBook.asks.top(venueBook.asks.size),
          }
        : this.book.toSnapshotPayload(),
    };
  }

  private bucketOf(exchangeTimeUs: number): number {
    return Math.floor(exchangeTimeUs / this.snapshotIntervalUs);
  }

  private where(event: BookEnvelope) {
    return {
      venue: this.venue,
      symbol: this.symbol,
      market: event.market,
      dataType: event.type,
      exchangeTimeUs: event.exchangeTimeUs,
    };
  }
}
