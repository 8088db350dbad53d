import type { BookDeltaEnvelope, BookEnvelope, DataType, System, Venue } from '@tickline/domain';

import type { L2Book } from '../book/l2-book.model';
import type { MapResult } from './map-result.type';

// The contract every venue module implements. Adapters are pure logic: they build URLs and
// frames, map frames to envelopes and decide book-sync steps; the ingestor owns sockets, clocks
// and retries, and the replay server uses the same adapters to speak each venue's protocol.

/** What configuration asks for: one data type of one venue-native symbol. */
export interface Subscription {
  readonly symbol: string;
  readonly dataType: DataType;
}

/** The two kinds of venue channel Tickline subscribes to. */
export type ChannelKind = 'trades' | 'book';

/** One venue stream (channel x symbol), the unit venues count against their per-connection caps. */
export interface StreamSpec {
  /** The venue's own name, unique per venue: `nknusdt@depth@100ms`, `diff_order_book_ethusd`. */
  readonly name: string;
  /** Venue-native symbol as it appears in data frames (`NKNUSDT`, `XBT/CHF`, `ethusd`). */
  readonly symbol: string;
  readonly channel: ChannelKind;
  /** The envelope types the stream yields (a book stream gives deltas, and snapshots in-stream). */
  readonly dataTypes: readonly DataType[];
}

export interface ConnectionLimits {
  /** Streams one connection may carry; the sharding helper never exceeds it. */
  readonly maxStreamsPerConnection: number;
  /** Streams named in one subscribe frame. */
  readonly maxStreamsPerFrame: number;
  /** Frames a client may send per second on one connection (subscribes, pings). */
  readonly maxClientFramesPerSecond: number;
  /** The venue closes a connection after this long; reconnect ahead of it. */
  readonly maxConnectionAgeMs?: number;
  /** Where the numbers come from: the venue's documentation or Tickline's own policy. */
  readonly basis: string;
}

export interface HeartbeatPolicy {
  /** An application-level ping the client sends as a text frame, where the venue wants one. */
  readonly clientPing?: {
    readonly intervalMs: number;
    /** The frame to send; `sequence` counts pings on the connection from 1. */
    frame(sequence: number): string;
  };
  /**
   * The venue sends something (a heartbeat frame or a protocol ping) at least this often even
   * when no data flows; absent when only the client's ping keeps a quiet connection talking.
   */
  readonly serverHeartbeatMs?: number;
  /** Send WebSocket protocol ping frames this often (venues that answer them with pongs). */
  readonly wsPingIntervalMs?: number;
  /**
   * Any frame received (data, heartbeat, pong, ack) or a protocol pong proves the connection
   * alive; after this long without one the connection is stale: close it and reconnect.
   */
  readonly staleAfterMs: number;
  /** One or two sentences on what the venue does, for docs and logs. */
  readonly notes: string;
}

/** A REST book snapshot to fetch. */
export interface SnapshotRequest {
  readonly url: string;
  readonly symbol: string;
  /** The requested depth (Binance `limit`), when the venue takes one. */
  readonly depth?: number;
}

export interface RestSnapshotSpec {
  /** The request for one symbol's snapshot, against the configured REST base URL. */
  request(symbol: string): SnapshotRequest;
  /** Recognizes a snapshot URL of this venue (any base URL); for replay servers and captures. */
  parseUrl(url: string): SnapshotRequest | undefined;
}

/** A frame a client sent, as the venue reads it (for replay servers). */
export type ClientFrame =
  | {
      readonly kind: 'subscribe' | 'unsubscribe';
      readonly streams: readonly StreamSpec[];
      /** The client's request id where the protocol has one, echoed in the venue's answer. */
      readonly requestId?: string | number;
    }
  | { readonly kind: 'ping'; readonly requestId?: string | number }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Who is mapping: stamped on every envelope. */
export interface MapperContext {
  readonly system: System;
  readonly ingesterId: string;
}

/** Maps raw venue frames to domain envelopes. Never throws. */
export interface VenueMapper {
  readonly venue: Venue;
  /**
   * One received WebSocket text frame to zero or more envelopes. `receiveTimeUs` is when the
   * frame arrived (epoch µs, local clock); exchange timestamps come from the frame.
   */
  map(frame: string, receiveTimeUs: number): MapResult;
  /** A REST snapshot response body to one `book_snapshot` envelope (REST-snapshot venues only). */
  mapSnapshot?(request: SnapshotRequest, body: string, receiveTimeUs: number): MapResult;
}

export const BOOK_SYNC_STATUSES = ['awaiting_snapshot', 'synced'] as const;
export type BookSyncStatus = (typeof BOOK_SYNC_STATUSES)[number];

/** Why an event is not applied to the book, without harm to its integrity. */
export const DROP_REASONS = [
  /** Already contained in the snapshot (Binance `u <= lastUpdateId`, Bitstamp older microtimestamp). */
  'stale',
  /** An in-stream venue sent a delta before the market's snapshot. */
  'awaiting_snapshot',
  /** Too many diffs buffered while waiting for a REST snapshot; the oldest was let go. */
  'buffer_overflow',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Why the book can no longer be trusted and must be rebuilt. */
export const RESYNC_REASONS = [
  /** A sequence break: something between the last applied event and this one is missing. */
  'gap',
  /** The book after this event does not match the venue's checksum. */
  'checksum_mismatch',
  /** The REST snapshot is older than the first buffered diff (Binance); fetch another. */
  'snapshot_too_old',
] as const;
export type ResyncReason = (typeof RESYNC_REASONS)[number];

/** How to get a fresh book: fetch the REST snapshot again, or resubscribe the market's book. */
export type ResyncMethod = 'rest_snapshot' | 'resubscribe';

export type SyncDecision =
  | {
      readonly action: 'apply';
      readonly event: BookEnvelope;
      /** True when the venue's checksum was recomputed from the book and matched. */
      readonly checksumVerified: boolean;
    }
  | {
      readonly action: 'buffer';
      readonly event: BookDeltaEnvelope;
      /** True for the first diff buffered since (re)start: time to request the REST snapshot. */
      readonly requestSnapshot: boolean;
    }
  | {
      readonly action: 'drop';
      readonly event: BookEnvelope;
      readonly reason: DropReason;
      readonly detail: string;
    }
  | {
      readonly action: 'resync';
      readonly event: BookEnvelope;
      readonly reason: ResyncReason;
      readonly detail: string;
      readonly method: ResyncMethod;
      /** The id or checksum the rule expected, and what came. */
      readonly expected?: number;
      readonly received?: number;
      /** For update-id gaps: the ids that never arrived, inclusive. */
      readonly missing?: { readonly from: number; readonly to: number };
    };

/**
 * The book-sync rule of one market as a state machine: no I/O, no clock. Feed it the market's
 * book envelopes (deltas and snapshots, REST or in-stream) in arrival order; it answers what to
 * do with each. After a `resync` it has already reset itself and waits for a new snapshot.
 */
export interface BookSync {
  readonly venue: Venue;
  readonly symbol: string;
  readonly status: BookSyncStatus;
  handle(event: BookEnvelope): SyncDecision[];
  /** Forget the book and any buffered diffs (after a reconnect). */
  reset(): void;
  /** The book the machine keeps to verify checksums (Kraken, OKX); absent elsewhere. */
  readonly book?: L2Book;
}

export interface VenueAdapter {
  readonly venue: Venue;
  /** Base URLs in use (configuration; tests and the demo point them at the replay server). */
  readonly wsUrl: string;
  readonly restUrl: string;
  readonly limits: ConnectionLimits;
  readonly heartbeat: HeartbeatPolicy;
  /** Where a book's snapshot comes from: a REST call, or the stream itself after subscribing. */
  readonly bookSnapshotSource: 'rest' | 'stream';
  /**
   * A book snapshot's `exchangeTimeUs` is the venue's own time of that book state (OKX `ts`,
   * Bybit `ts`, Bitstamp `microtimestamp`), so every diff stamped after it follows it. Where it
   * is not (Binance REST and Coinbase snapshots carry the receive time, Kraken's the latest
   * level time), the diffs are known complete only from the first one applied after it.
   */
  readonly snapshotAtVenueTime: boolean;
  /** REST snapshot request and URL parsing, where `bookSnapshotSource` is `rest`. */
  readonly snapshot?: RestSnapshotSpec;

  /** The streams that carry these subscriptions, deduplicated, in first-asked order. */
  streams(subscriptions: readonly Subscription[]): StreamSpec[];
  /** Recognizes one of this venue's stream names. */
  parseStreamName(name: string): StreamSpec | undefined;
  /** Streams a connection URL subscribes by itself (Binance `/stream?streams=`); else none. */
  streamsOfUrl(url: string): StreamSpec[];
  /**
   * The venue stream a received data frame belongs to, in this venue's stream naming (also for
   * channels Tickline does not carry, e.g. `nknusdt@bookTicker`); `undefined` for control frames
   * and anything unreadable. Replay servers route recorded frames to subscribers with it.
   */
  streamNameOf(frame: string): string | undefined;
  /** The URL to open for a connection carrying these streams. */
  connectionUrl(streams: readonly StreamSpec[]): string;
  /** Frames to send after connecting, each within `limits.maxStreamsPerFrame`. */
  subscribeFrames(streams: readonly StreamSpec[]): string[];
  unsubscribeFrames(streams: readonly StreamSpec[]): string[];
  /** Reads a frame a client sent; the replay server uses it to honour subscriptions. */
  parseClientFrame(frame: string): ClientFrame;
  /** The normalized market of a symbol, or `undefined` when unknown (see the `markets` option). */
  marketOf(symbol: string): string | undefined;

  createMapper(context: MapperContext): VenueMapper;
  createBookSync(symbol: string): BookSync;
}
