import type { Venue } from '@tickline/domain';

import type { BookChanges, BookState } from '../book/book-state';
import type { FrameShift, SlotRule } from '../time/frame-slots.util';

/**
 * What a recorded frame is to the replay:
 * - `snapshot`: a WebSocket book snapshot (Kraken `as`/`bs`, Coinbase `snapshot`, OKX and Bybit
 *   `snapshot`); it starts or resets the stream's book.
 * - `delta`: a book update.
 * - `rest`: a REST snapshot body (Binance depth, Bitstamp order_book); never sent on the socket,
 *   it is the book the REST endpoint starts from.
 * - `data`: anything else on a stream (trades, tickers, klines), sent as recorded.
 * - `latest`: state a venue sends when a client subscribes (Coinbase `last_match`).
 */
export const RECORD_ROLES = ['snapshot', 'delta', 'rest', 'data', 'latest'] as const;
export type RecordRole = (typeof RECORD_ROLES)[number];

export const STREAM_KINDS = ['book', 'trade', 'other'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** One subscribable stream, named the way the venue names it. */
export interface StreamInfo {
  /** Unique per venue: Binance's stream name, Bybit's topic, `<channel>:<symbol>` elsewhere. */
  readonly key: string;
  /** The venue-native symbol (`NKNUSDT`, `SKL-BTC`, `XBT/CHF`, `ethusd`, `BTC-USDT`). */
  readonly symbol: string;
  /** The venue's channel name (`depth@100ms`, `level2`, `book-1000`, `diff_order_book`, ...). */
  readonly channel: string;
  readonly kind: StreamKind;
  /** Kraken v1 channel id carried in every data frame. */
  readonly channelId?: number;
  /** Book depth the stream carries (Kraken `book-1000`, Bybit `orderbook.50`). */
  readonly depth?: number;
}

export interface ClassifiedFrame {
  readonly stream: StreamInfo;
  readonly role: RecordRole;
}

/** A trade the synthetic generator wants written in the venue's format. */
export interface TradeSpec {
  readonly id: number;
  readonly price: string;
  readonly size: string;
  /** The taker's side. */
  readonly side: 'buy' | 'sell';
  readonly timeUs: number;
  /** Venue-wide counter for venues that stamp one (Coinbase `sequence`). */
  readonly sequence?: number;
}

/** Counters of a delta the server writes itself (loop bridges, synthetic data). */
export interface DeltaContext {
  /** First id the delta covers (Binance `U`); its last id is the book's `meta.seq`. */
  readonly firstSeq?: number;
  /** Id the delta continues from (OKX `prevSeqId`). */
  readonly prevSeq?: number;
}

/**
 * A venue's frame format: which stream a frame belongs to, which scalars are timestamps and ids,
 * how frames change a book, and how to write frames the recording does not hold (snapshots for
 * late subscribers, REST bodies at the replay position, loop bridges, synthetic data). Connection
 * handling (subscribe, acks, heartbeats) lives in the venue's protocol file.
 */
export interface VenueCodec {
  readonly venue: Venue;
  /** Smallest step of the venue's book timestamps, in microseconds (1000 for milliseconds). */
  readonly timeStepUs: number;

  classify(frame: unknown): ClassifiedFrame | undefined;
  /**
   * Streams a venue acknowledgement names (Kraken `subscriptionStatus`, Coinbase
   * `subscriptions`, ...): a stream subscribed but silent during a capture still exists.
   */
  streamsOfAck?(frame: unknown): StreamInfo[];
  /** Streams a connection URL subscribes by itself (Binance `/stream?streams=`). */
  streamsOfUrl?(url: URL): StreamInfo[];
  /** The stream a recorded REST snapshot belongs to. */
  classifyRest?(url: URL, streams: readonly StreamInfo[]): StreamInfo | undefined;

  readonly slotRule: SlotRule;
  /** The id family holding the stream's book sequence, if the venue numbers book updates. */
  bookFamily(stream: StreamInfo): string | undefined;

  /** Applies a `snapshot`, `rest` or `delta` frame. */
  applyToBook(book: BookState, frame: unknown, role: RecordRole): void;
  /** A delta already contained in the REST snapshot the book started from. */
  coveredByBaseline?(baseline: BookState, frame: unknown): boolean;
  /** The id a delta continues from (`U - 1`, `prevSeqId`, `u - 1`), for loop continuity. */
  continuityId?(frame: unknown): number | undefined;
  /** Recorded and recomputed checksum, for venues that send one. */
  readonly checksum?: {
    recorded(frame: unknown): string | number | undefined;
    compute(book: BookState): string | number;
  };

  renderSnapshot?(stream: StreamInfo, book: BookState, shift: FrameShift): string;
  renderRest?(
    stream: StreamInfo,
    book: BookState,
    shift: FrameShift,
    query: URLSearchParams,
  ): string;
  renderDelta(
    stream: StreamInfo,
    changes: BookChanges,
    book: BookState,
    shift: FrameShift,
    context: DeltaContext,
  ): string;
  renderTrade(stream: StreamInfo, trade: TradeSpec, shift: FrameShift): string;
  /**
   * Channels on which the venue first sends the current state when a client subscribes (Coinbase
   * `ticker`, OKX `trades` and `tickers`): the first recorded frame of such a stream is that
   * state, not a new event, so it becomes a `latest` record.
   */
  latestOnSubscribe?(stream: StreamInfo): boolean;
  /** The frame sent on subscribe from the latest data frame of a stream (Coinbase `last_match`). */
  renderLatest?(stream: StreamInfo, latestText: string): string | undefined;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `[[price, size, ...extra], ...]` from a frame; anything malformed is skipped. */
export function readLevels(value: unknown): { price: string; size: string; extra?: string[] }[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const levels: { price: string; size: string; extra?: string[] }[] = [];
  for (const entry of value) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') {
      const extra = entry.slice(2).filter((item): item is string => typeof item === 'string');
      levels.push(
        extra.length > 0
          ? { price: entry[0], size: entry[1], extra }
          : { price: entry[0], size: entry[1] },
      );
    }
  }
  return levels;
}

/** Shifted exchange time of a book, or `fallbackUs` when the book has none yet. */
export function shiftedTimeUs(book: BookState, shift: FrameShift, fallbackUs = 0): number {
  return (book.meta.timeUs ?? fallbackUs) + shift.seconds * 1_000_000;
}
