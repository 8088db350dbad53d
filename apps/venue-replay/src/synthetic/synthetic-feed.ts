import type { Venue } from '@tickline/domain';

import type { BookChanges, BookState } from '../book/book-state';
import type { RecordingRecord } from '../recording/recording.schema';
import { NO_SHIFT } from '../time/frame-slots.util';
import { formatTime } from '../time/time-format.util';
import type { DeltaContext, StreamInfo, VenueCodec } from '../venues/venue-codec';
import { VENUE_CODECS } from '../venues/venue-codecs';
import { Prng } from './prng.util';
import { SyntheticBook, type LevelExtra } from './synthetic-book';
import { syntheticMarkets, VENUE_STYLES, type SyntheticMarket } from './synthetic-markets.util';

export interface SyntheticFeedOptions {
  readonly venue: Venue;
  readonly markets: number;
  readonly seed: number;
  /** Exchange time of the first event, epoch microseconds. */
  readonly startUs: number;
  /** Book updates per second of an average market (busy markets get more, quiet ones fewer). */
  readonly bookUpdatesPerSecond: number;
  /** Trades per second of an average market. */
  readonly tradesPerSecond: number;
}

/** A generated frame with its stream. */
export interface SyntheticRecord extends RecordingRecord {
  readonly stream: StreamInfo;
}

interface MarketState {
  readonly market: SyntheticMarket;
  readonly book: SyntheticBook;
  readonly rng: Prng;
  readonly bookMeanUs: number;
  readonly tradeMeanUs: number;
  nextBookUs: number;
  nextTradeUs: number;
  lastUs: number;
  seq: number;
  seq2: number;
  tradeId: number;
  aggId: number;
  sequence: number;
  /** Frames of the event in progress, in send order. */
  readonly pending: SyntheticRecord[];
}

function nextAt(state: MarketState): number {
  return state.pending.length > 0
    ? (state.pending[0] as SyntheticRecord).t
    : Math.min(state.nextBookUs, state.nextTradeUs);
}

/**
 * Generates a venue's market data for many markets, forever, in time order: book deltas and
 * trades written by the venue's own codec, so sequence ids chain (Binance U/u, OKX
 * prevSeqId/seqId, Bybit u), checksums verify (Kraken, OKX) and timestamps only move forward.
 * Each event changes the book when its first frame (the delta) is taken, so `book()` always
 * matches what has been handed out.
 */
export class SyntheticFeed {
  readonly markets: readonly SyntheticMarket[];
  readonly streams: readonly StreamInfo[];
  private readonly codec: VenueCodec;
  private readonly states: MarketState[];
  private readonly byBookStream = new Map<string, MarketState>();
  private readonly heap: MarketState[] = [];
  private nowUs: number;

  constructor(readonly options: SyntheticFeedOptions) {
    this.codec = VENUE_CODECS[options.venue];
    this.nowUs = options.startUs;
    this.markets = syntheticMarkets(options.venue, options.markets, options.seed);
    this.streams = this.markets.flatMap((market) => [market.book, ...market.trades]);
    this.states = this.markets.map((market) => this.createState(market));
    for (const state of this.states) {
      this.byBookStream.set(state.market.book.key, state);
      this.push(state);
    }
  }

  /** One snapshot per book at the start: REST bodies for REST venues, WS snapshots otherwise. */
  baselines(): SyntheticRecord[] {
    return this.states.map((state) => {
      const stream = state.market.book;
      const book = state.book.state;
      const rest = this.codec.renderRest !== undefined && this.codec.renderSnapshot === undefined;
      const text = rest
        ? (this.codec.renderRest as NonNullable<VenueCodec['renderRest']>)(
            stream,
            book,
            NO_SHIFT,
            new URLSearchParams({ limit: '5000' }),
          )
        : (this.codec.renderSnapshot as NonNullable<VenueCodec['renderSnapshot']>)(
            stream,
            book,
            NO_SHIFT,
          );
      return {
        t: this.options.startUs,
        s: stream.key,
        r: rest ? 'rest' : 'snapshot',
        f: text,
        stream,
      };
    });
  }

  peekTime(): number | undefined {
    const top = this.heap[0];
    return top ? nextAt(top) : undefined;
  }

  next(): SyntheticRecord | undefined {
    for (;;) {
      const state = this.pop();
      if (!state) {
        return undefined;
      }
      if (state.pending.length === 0) {
        this.generate(state);
      }
      const record = state.pending.shift();
      this.push(state);
      if (record) {
        return record;
      }
    }
  }

  /** The book of a book stream as of the frames handed out so far. */
  book(streamKey: string): BookState | undefined {
    return this.byBookStream.get(streamKey)?.book.state;
  }

  private createState(market: SyntheticMarket): MarketState {
    const rng = new Prng(this.options.seed * 7919 + market.index * 104729 + 1);
    const extra = this.levelExtra();
    const activity = market.activity;
    const bookRate = Math.max(this.options.bookUpdatesPerSecond * activity, 0.01);
    const tradeRate = Math.max(this.options.tradesPerSecond * activity, 0.01);
    const state: MarketState = {
      market,
      book: new SyntheticBook(market, VENUE_STYLES[this.options.venue], rng, extra),
      rng,
      bookMeanUs: 1_000_000 / bookRate,
      tradeMeanUs: 1_000_000 / tradeRate,
      nextBookUs: 0,
      nextTradeUs: 0,
      lastUs: this.options.startUs,
      seq: rng.int(1_000_000, 900_000_000),
      seq2: rng.int(1_000_000, 900_000_000),
      tradeId: rng.int(100_000, 90_000_000),
      aggId: rng.int(100_000, 90_000_000),
      sequence: rng.int(1_000_000, 900_000_000),
      pending: [],
    };
    state.nextBookUs = this.options.startUs + 1 + Math.round(rng.exponential(state.bookMeanUs));
    state.nextTradeUs = this.options.startUs + 1 + Math.round(rng.exponential(state.tradeMeanUs));
    state.book.state.meta = { seq: state.seq, seq2: state.seq2, timeUs: this.options.startUs };
    return state;
  }

  private levelExtra(): LevelExtra {
    switch (this.options.venue) {
      case 'kraken':
        return () => [formatTime(this.nowUs, 'sFrac')];
      case 'okx':
        return (rng, removal) => (removal ? ['0', '0'] : ['0', String(rng.int(1, 12))]);
      default:
        return () => undefined;
    }
  }

  /** Works out the next event of a market and queues its frames (delta first, then trades). */
  private generate(state: MarketState): void {
    const trade = state.nextTradeUs < state.nextBookUs;
    let atUs = trade ? state.nextTradeUs : state.nextBookUs;
    if (trade) {
      state.nextTradeUs = atUs + 1 + Math.round(state.rng.exponential(state.tradeMeanUs));
    } else {
      state.nextBookUs = atUs + 1 + Math.round(state.rng.exponential(state.bookMeanUs));
    }
    // Microsecond venues must never repeat a timestamp within a market (Bitstamp's sync rule).
    atUs = Math.max(atUs, state.lastUs + 1);
    state.lastUs = atUs;
    this.nowUs = atUs;
    if (!trade) {
      const changes = state.book.evolve();
      if (changes.bids.length + changes.asks.length > 0) {
        state.pending.push(this.delta(state, changes, atUs));
      }
      return;
    }
    const taker = state.rng.chance(0.5) ? 'buy' : 'sell';
    const result = state.book.trade(taker);
    if (!result) {
      return;
    }
    state.pending.push(this.delta(state, result.changes, atUs));
    state.tradeId += 1;
    state.aggId += 1;
    state.sequence += state.rng.int(2, 40);
    for (const tradeStream of state.market.trades) {
      const id = tradeStream.channel === 'aggTrade' ? state.aggId : state.tradeId;
      state.pending.push({
        t: atUs,
        s: tradeStream.key,
        r: 'data',
        f: this.codec.renderTrade(
          tradeStream,
          {
            id,
            price: result.price,
            size: result.size,
            side: taker,
            timeUs: atUs,
            sequence: state.sequence,
          },
          NO_SHIFT,
        ),
        stream: tradeStream,
      });
    }
  }

  /** A delta frame; the book already holds the changes, its counters move here. */
  private delta(state: MarketState, changes: BookChanges, atUs: number): SyntheticRecord {
    const stream = state.market.book;
    const count = changes.bids.length + changes.asks.length;
    const previous = state.seq;
    let context: DeltaContext;
    switch (this.options.venue) {
      case 'binance':
        context = { firstSeq: previous + 1 };
        state.seq += count;
        break;
      case 'okx':
        // OKX's seqId grows but does not step by one.
        context = { prevSeq: previous };
        state.seq += state.rng.int(1, 3);
        break;
      default:
        context = {};
        state.seq += 1;
    }
    state.seq2 += state.rng.int(1, 20);
    state.book.state.meta = { seq: state.seq, seq2: state.seq2, timeUs: atUs };
    return {
      t: atUs,
      s: stream.key,
      r: 'delta',
      f: this.codec.renderDelta(stream, changes, state.book.state, NO_SHIFT, context),
      stream,
    };
  }

  private push(state: MarketState): void {
    const heap = this.heap;
    heap.push(state);
    let index = heap.length - 1;
    const key = nextAt(state);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (nextAt(heap[parent] as MarketState) <= key) break;
      heap[index] = heap[parent] as MarketState;
      index = parent;
    }
    heap[index] = state;
  }

  private pop(): MarketState | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last || heap.length === 0) {
      return top;
    }
    let index = 0;
    const key = nextAt(last);
    for (;;) {
      const left = index * 2 + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length &&
        nextAt(heap[right] as MarketState) < nextAt(heap[left] as MarketState)
          ? right
          : left;
      if (nextAt(heap[child] as MarketState) >= key) break;
      heap[index] = heap[child] as MarketState;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
