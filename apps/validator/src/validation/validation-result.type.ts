import type { Alert, DeadLetter, Envelope } from '@tickline/domain';

/** Why an event was rejected: one dead letter and one alert each. */
export const REJECT_RULES = [
  'invalid_json',
  'unsupported_version',
  'schema_error',
  'key_mismatch',
  'bad_number',
  'crossed_book',
  'future_timestamp',
  'stale_timestamp',
] as const;
export type RejectRule = (typeof REJECT_RULES)[number];

/**
 * Why an event was dropped without a dead letter: `duplicate` (its identity was seen before)
 * or `stale` (its sequence position is already covered, e.g. by a newer snapshot).
 */
export const DROP_KINDS = ['duplicate', 'stale'] as const;
export type DropKind = (typeof DROP_KINDS)[number];

export interface AcceptedResult {
  readonly outcome: 'accepted';
  readonly key: string;
  readonly envelope: Envelope;
  /** The canonical JSON text forwarded to the valid topic. */
  readonly value: string;
  readonly alerts: readonly Alert[];
}

export interface DroppedResult {
  readonly outcome: 'dropped';
  readonly kind: DropKind;
  readonly envelope: Envelope;
  /** A divergence alert when the copy's content differs from the first one's. */
  readonly alerts: readonly Alert[];
}

export interface RejectedResult {
  readonly outcome: 'rejected';
  readonly rule: RejectRule;
  readonly key: string | null;
  readonly deadLetter: DeadLetter;
  readonly alerts: readonly Alert[];
}

export type ValidationResult = AcceptedResult | DroppedResult | RejectedResult;
