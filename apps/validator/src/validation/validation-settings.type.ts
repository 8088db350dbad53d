/** The rules' parameters and the identity the outputs carry. */
export interface ValidationSettings {
  /** `service` of alerts and dead letters. */
  readonly service: string;
  /** `instance` of alerts (the pod name), when known. */
  readonly instance?: string;
  /** An exchange time more than this after the receive time is a future timestamp (µs). */
  readonly maxFutureSkewUs: number;
  /** An exchange time more than this before the receive time is stale (µs); 0 turns it off. */
  readonly maxEventAgeUs: number;
  /** Identities remembered per market and kind of stream (book, trades). */
  readonly dedupeWindow: number;
  /** Markets kept per partition; the least recently seen is forgotten first. */
  readonly maxMarkets: number;
  /** Price levels per side kept in a market's book. */
  readonly maxBookDepth: number;
  /** The clock of alerts and dead letters (epoch µs); rules never read it. */
  readonly now: () => number;
}
