import type { Envelope } from '@tickline/domain';

import type { VenueMappingError } from './venue-mapping.error';

/**
 * Why a well-formed frame maps to no envelope. Every frame a venue sends is either data
 * (`events`), one of these, or a `VenueMappingError`: nothing is dropped without a name.
 */
export const IGNORE_REASONS = [
  /** Confirmation of a subscribe or unsubscribe request. */
  'subscription_ack',
  /** A keep-alive the venue sends on its own (Kraken heartbeat, Coinbase heartbeat channel). */
  'heartbeat',
  /** The answer to a ping the client sent. */
  'pong',
  /** Connection or system status (Kraken systemStatus, OKX channel-conn-count). */
  'status',
  /** Data of a channel Tickline does not carry (tickers, klines, best bid/offer). */
  'unsupported_channel',
  /** A repeat of data from before the subscription (Coinbase `last_match`). */
  'replay',
  /** The venue rejected a request (bad symbol, too many subscriptions). Worth an alert. */
  'venue_error',
  /** The venue announces it will close the connection; reconnect now. */
  'reconnect_request',
] as const;
export type IgnoreReason = (typeof IGNORE_REASONS)[number];

export interface MappedEvents {
  readonly kind: 'events';
  /** One or more envelopes, in the order the venue sent them. */
  readonly events: Envelope[];
}

export interface IgnoredFrame {
  readonly kind: 'ignored';
  readonly reason: IgnoreReason;
  /** The venue's own words where it gives any (error messages, status). */
  readonly detail?: string;
}

export interface MappingFailure {
  readonly kind: 'error';
  readonly error: VenueMappingError;
}

/** The outcome of mapping one frame. */
export type MapResult = MappedEvents | IgnoredFrame | MappingFailure;

const IGNORED: Readonly<Record<IgnoreReason, IgnoredFrame>> = Object.fromEntries(
  IGNORE_REASONS.map((reason) => [reason, Object.freeze({ kind: 'ignored', reason })]),
) as Record<IgnoreReason, IgnoredFrame>;

/** An ignored frame; without a detail the shared frozen instance is returned (no allocation). */
export function ignored(reason: IgnoreReason, detail?: string): IgnoredFrame {
  return detail === undefined ? IGNORED[reason] : { kind: 'ignored', reason, detail };
}

export function mapped(events: Envelope[]): MappedEvents {
  return { kind: 'events', events };
}
