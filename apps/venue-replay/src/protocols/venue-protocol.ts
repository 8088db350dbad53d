import type { Venue } from '@tickline/domain';

import type { ClientConnection } from '../gateway/client-connection';
import type { StreamInfo, VenueCodec } from '../venues/venue-codec';

/** Per-connection timing of the venues' keep-alive rules (shortened in tests). */
export interface HeartbeatSettings {
  /** Kraken `heartbeat` when idle, Coinbase `heartbeat` channel. Venues: 1 s. */
  readonly heartbeatIntervalMs: number;
  /** Binance server ping frames; a client silent for three intervals is dropped. Venue: 20 s. */
  readonly pingIntervalMs: number;
  /** OKX closes a connection with no traffic either way for this long. Venue: 30 s. */
  readonly idleTimeoutMs: number;
}

/** What a protocol handler may ask of its venue's replay session. */
export interface ProtocolContext {
  readonly venue: Venue;
  readonly codec: VenueCodec;
  readonly heartbeat: HeartbeatSettings;
  stream(key: string): StreamInfo | undefined;
  streams(): readonly StreamInfo[];
  /** Whether any recorded stream has this symbol. */
  hasSymbol(symbol: string): boolean;
  /**
   * Adds the subscription and sends what the venue sends on subscribe (a book snapshot, the
   * latest trade or ticker). The handler sends its acknowledgement before calling this.
   * False when the stream is not in the replay (the handler decides what the venue answers).
   */
  subscribe(connection: ClientConnection, key: string): boolean;
  unsubscribe(connection: ClientConnection, key: string): void;
  /** The last data frame of a stream as sent (time shift applied). */
  latest(key: string): string | undefined;
  /** The venue's clock: replay position plus time shift, epoch microseconds. */
  exchangeNowUs(): number;
}

/**
 * One venue's WebSocket protocol: the paths it serves, what it sends on connect, how it answers
 * client frames (subscribe, unsubscribe, ping), its heartbeats, and its per-connection framing.
 */
export interface VenueProtocol {
  readonly venue: Venue;
  /** Whether the venue serves a WebSocket at `path` (after the `/<venue>` prefix). */
  accepts(path: string): boolean;
  open(connection: ClientConnection, url: URL, context: ProtocolContext): void;
  message(connection: ClientConnection, text: string, context: ProtocolContext): void;
  /** The data frame as this connection receives it (Binance raw streams unwrap `data`). */
  frame?(connection: ClientConnection, text: string): string;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A short random hex id (OKX `connId`, Bybit `conn_id`). */
export function connectionToken(connection: ClientConnection): string {
  let hash = 2166136261;
  for (const char of `${connection.id}:${connection.connectedAt.getTime()}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
