import {
  type BookSnapshotEnvelope,
  type Envelope,
  ENVELOPE_VERSION,
  MARKET_SNAPSHOT_VERSION,
  type MarketSnapshot,
  nowMicros,
} from '@tickline/domain';
import { OrderBook } from '@tickline/order-book';

import type {
  ApplyOutcome,
  BookView,
  MarketChangeListener,
  MarketState,
  MarketSummary,
  Staleness,
  StorePosition,
  TradeView,
} from './market-state.types';

export interface MarketStateStoreOptions {
  /** A market whose last event was received longer ago than this is reported stale. */
  staleAfterMs: number;
  /** The local clock in epoch µs (tests pass a fake one). */
  now?: () => number;
}

/**
 * Every market's last trade and full L2 book, built from validated envelopes, with the Kafka
 * positions that state reflects. Pure: the Kafka, REST, gRPC and SSE layers wrap it.
 *
 * Warm start: `restore` loads snapshots (each carries the valid-topic offsets it reflects),
 * `resumeOffsets` tells where to tail from (the lowest offset per partition over all snapshots),
 * and `apply` skips an event whose market's snapshot already covers its offset, so replaying
 * the overlap cannot apply an event twice.
 */
export class MarketStateStore {
  private readonly markets = new Map<string, MarketState>();
  private readonly positions = new Map<number, number>();
  private readonly listeners = new Set<MarketChangeListener>();
  private readonly now: () => number;
  private readonly staleAfterMs: number;

  constructor(options: MarketStateStoreOptions) {
    this.staleAfterMs = options.staleAfterMs;
    this.now = options.now ?? nowMicros;
  }

  get size(): number {
    return this.markets.size;
  }

  get(marketId: string): MarketState | undefined {
    return this.markets.get(marketId);
  }

  /**
   * The market named by an unvalidated venue and symbol, if known: a known id only ever came
   * from validated envelopes, so the hot reads skip the schema. A venue holding ':' could alias
   * another market's id and is never looked up (the schema rejects it with a message).
   */
  find(venue: string, symbol: string): MarketState | undefined {
    return venue.includes(':') ? undefined : this.markets.get(`${venue}:${symbol}`);
  }

  /** Calls `listener` after every applied event; returns the unsubscribe function. */
  onChange(listener: MarketChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies one validated envelope read at `position` (omitted outside Kafka, e.g. tests). */
  apply(envelope: Envelope, position?: StorePosition): ApplyOutcome {
    const id = `${envelope.venue}:${envelope.symbol}`;
    let state = this.markets.get(id);
    if (position !== undefined) {
      const covered = state?.coveredOffsets?.get(position.partition);
      if (covered !== undefined && position.offset < covered) {
        this.advance(position);
        return 'covered';
      }
    }
    if (state === undefined) {
      state = newState(id, envelope);
      this.markets.set(id, state);
    }
    if (envelope.type === 'trade') {
      state.lastTrade = envelope;
    } else {
      // Throws InvalidLevelError before changing anything; the caller counts it.
      state.book.applyEnvelope(envelope);
      state.hasBook = true;
      state.bookSystem = envelope.system;
      state.bookIngesterId = envelope.ingesterId;
    }
    state.eventCount += 1;
    state.version += 1;
    if (envelope.exchangeTimeUs > state.lastExchangeTimeUs) {
      state.lastExchangeTimeUs = envelope.exchangeTimeUs;
    }
    if (envelope.receiveTimeUs > state.lastReceiveTimeUs) {
      state.lastReceiveTimeUs = envelope.receiveTimeUs;
    }
    state.lastAppliedAtUs = this.now();
    if (position !== undefined) this.advance(position);
    for (const listener of this.listeners) listener(state, envelope);
    return 'applied';
  }

  /** Moves past an event that could not be applied (counted and logged by the caller). */
  skip(position: StorePosition): void {
    this.advance(position);
  }

  /** The next offset to read per partition: the state reflects every event before it. */
  setPositions(offsets: ReadonlyMap<number, number>): void {
    this.positions.clear();
    for (const [partition, offset] of offsets) this.positions.set(partition, offset);
  }

  currentPositions(): Map<number, number> {
    return new Map(this.positions);
  }

  /** Loads one market's snapshot (a later snapshot of the same market replaces an earlier one). */
  restore(snapshot: MarketSnapshot): void {
    const id = `${snapshot.venue}:${snapshot.symbol}`;
    const state = newState(id, snapshot);
    state.lastTrade = snapshot.lastTrade;
    if (snapshot.book !== null) {
      state.book.applyEnvelope(snapshot.book);
      state.hasBook = true;
      state.bookSystem = snapshot.book.system;
      state.bookIngesterId = snapshot.book.ingesterId;
    }
    for (const envelope of [snapshot.lastTrade, snapshot.book]) {
      if (envelope === null) continue;
      state.lastExchangeTimeUs = Math.max(state.lastExchangeTimeUs, envelope.exchangeTimeUs);
      state.lastReceiveTimeUs = Math.max(state.lastReceiveTimeUs, envelope.receiveTimeUs);
    }
    state.lastAppliedAtUs = this.now();
    state.coveredOffsets = new Map(
      Object.entries(snapshot.validOffsets).map(([partition, offset]) => [
        Number(partition),
        Number(offset),
      ]),
    );
    // Restored state was published already: only later events make it worth publishing again.
    state.publishedVersion = state.version;
    this.markets.set(id, state);
  }

  /** Drops a market (a tombstone on the snapshot topic). */
  forget(marketId: string): boolean {
    return this.markets.delete(marketId);
  }

  /**
   * Where to start tailing after `restore`: per partition the lowest offset any snapshot
   * reflects, so every market resumes at or before its own position. `undefined` for a
   * partition no snapshot names (read it from the beginning).
   */
  resumeOffsets(): Map<number, number> {
    const resume = new Map<number, number>();
    for (const state of this.markets.values()) {
      if (state.coveredOffsets === undefined) continue;
      for (const [partition, offset] of state.coveredOffsets) {
        const current = resume.get(partition);
        if (current === undefined || offset < current) resume.set(partition, offset);
      }
    }
    return resume;
  }

  /**
   * Snapshots of the markets changed since they were last taken, all stamped with the current
   * positions (taken synchronously, so state and offsets agree). Marks them taken.
   */
  takeChangedSnapshots(): MarketSnapshot[] {
    const takenAtUs = this.now();
    const validOffsets: Record<string, string> = {};
    for (const [partition, offset] of this.positions)
      validOffsets[String(partition)] = String(offset);
    const snapshots: MarketSnapshot[] = [];
    for (const state of this.markets.values()) {
      if (state.version === state.publishedVersion) continue;
      snapshots.push(this.snapshotOf(state, takenAtUs, validOffsets));
      state.publishedVersion = state.version;
    }
    return snapshots;
  }

  /** Marks snapshots as not taken again (their publication failed). */
  markUnpublished(marketIds: Iterable<string>): void {
    for (const id of marketIds) {
      const state = this.markets.get(id);
      if (state !== undefined) state.publishedVersion = -1;
    }
  }

  snapshotOf(
    state: MarketState,
    takenAtUs: number,
    validOffsets: Record<string, string>,
  ): MarketSnapshot {
    return {
      v: MARKET_SNAPSHOT_VERSION,
      venue: state.venue,
      symbol: state.symbol,
      market: state.market,
      takenAtUs,
      lastTrade: state.lastTrade,
      book: state.hasBook ? bookEnvelopeOf(state) : null,
      validOffsets: { ...validOffsets },
    };
  }

  listMarkets(): MarketSummary[] {
    const nowUs = this.now();
    const summaries: MarketSummary[] = [];
    for (const state of this.markets.values()) summaries.push(this.summaryOf(state, nowUs));
    summaries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return summaries;
  }

  /** How old the market's data is now: read per request, never cached with a view. */
  staleness(state: MarketState, nowUs = this.now()): Staleness {
    const ageMs = Math.max(0, Math.round((nowUs - state.lastReceiveTimeUs) / 1_000));
    return {
      lastExchangeTimeUs: state.lastExchangeTimeUs,
      lastReceiveTimeUs: state.lastReceiveTimeUs,
      ageMs,
      stale: ageMs > this.staleAfterMs,
    };
  }

  summaryOf(state: MarketState, nowUs = this.now()): MarketSummary {
    const { ageMs, stale } = this.staleness(state, nowUs);
    return {
      id: state.id,
      venue: state.venue,
      symbol: state.symbol,
      market: state.market,
      hasTrade: state.lastTrade !== null,
      hasBook: state.hasBook,
      bidLevels: state.book.levelCount('bids'),
      askLevels: state.book.levelCount('asks'),
      lastExchangeTimeUs: state.lastExchangeTimeUs,
      lastReceiveTimeUs: state.lastReceiveTimeUs,
      lastAppliedAtUs: state.lastAppliedAtUs,
      eventCount: state.eventCount,
      ageMs,
      stale,
    };
  }

  trade(marketId: string): TradeView | undefined {
    const state = this.markets.get(marketId);
    return state === undefined ? undefined : this.tradeOf(state);
  }

  tradeOf(state: MarketState): TradeView {
    return { ...identityOf(state), trade: state.lastTrade, ...this.staleness(state) };
  }

  /** The top `depth` levels of each side (all when omitted), best first, exact text. */
  book(marketId: string, depth?: number): BookView | undefined {
    const state = this.markets.get(marketId);
    return state === undefined ? undefined : this.bookOf(state, depth);
  }

  bookOf(state: MarketState, depth?: number): BookView {
    const limit = depth ?? Infinity;
    const book = state.book;
    return {
      ...identityOf(state),
      bids: book.levels('bids', limit),
      asks: book.levels('asks', limit),
      bidLevels: book.levelCount('bids'),
      askLevels: book.levelCount('asks'),
      crossed: book.isCrossed(),
      spread: book.spreadText() ?? null,
      seqId: book.lastSeqId ?? null,
      lastUpdateId: book.lastUpdateId ?? null,
      checksum: book.lastChecksum ?? null,
      bookExchangeTimeUs: book.lastExchangeTimeUs ?? null,
      bookReceiveTimeUs: book.lastReceiveTimeUs ?? null,
      ...this.staleness(state),
    };
  }

  private advance(position: StorePosition): void {
    const next = position.offset + 1;
    const current = this.positions.get(position.partition);
    if (current === undefined || next > current) this.positions.set(position.partition, next);
  }
}

function newState(id: string, source: Pick<Envelope, 'venue' | 'symbol' | 'market'>): MarketState {
  return {
    id,
    venue: source.venue,
    symbol: source.symbol,
    market: source.market,
    book: new OrderBook(),
    hasBook: false,
    bookSystem: 'primary',
    bookIngesterId: 'cache',
    lastTrade: null,
    lastExchangeTimeUs: 0,
    lastReceiveTimeUs: 0,
    lastAppliedAtUs: 0,
    eventCount: 0,
    version: 0,
    publishedVersion: 0,
    coveredOffsets: undefined,
  };
}

function identityOf(state: MarketState) {
  return { id: state.id, venue: state.venue, symbol: state.symbol, market: state.market };
}

/** The book as a `book_snapshot` envelope carrying the last book event's sequence fields. */
function bookEnvelopeOf(state: MarketState): BookSnapshotEnvelope {
  const book = state.book;
  const envelope: BookSnapshotEnvelope = {
    v: ENVELOPE_VERSION,
    venue: state.venue,
    symbol: state.symbol,
    market: state.market,
    type: 'book_snapshot',
    exchangeTimeUs: book.lastExchangeTimeUs ?? state.lastExchangeTimeUs,
    receiveTimeUs: book.lastReceiveTimeUs ?? state.lastReceiveTimeUs,
    system: state.bookSystem,
    ingesterId: state.bookIngesterId,
    payload: book.toSnapshotPayload(),
  };
  if (book.lastSeqId !== undefined) envelope.seqId = book.lastSeqId;
  if (book.lastFirstUpdateId !== undefined) envelope.firstUpdateId = book.lastFirstUpdateId;
  if (book.lastUpdateId !== undefined) envelope.lastUpdateId = book.lastUpdateId;
  if (book.lastPrevId !== undefined) envelope.prevId = book.lastPrevId;
  if (book.lastChecksum !== undefined) envelope.checksum = book.lastChecksum;
  return envelope;
}
