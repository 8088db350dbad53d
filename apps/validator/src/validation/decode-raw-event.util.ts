import {
  ENVELOPE_VERSION,
  type Envelope,
  isSymbol,
  isVenue,
  safeParseEnvelope,
  type ValidationIssue,
} from '@tickline/domain';

import type { RawEvent } from './raw-event.type';
import type { RejectRule } from './validation-result.type';

export interface DecodedEvent {
  readonly ok: true;
  readonly envelope: Envelope;
  /** The record key, which equals the envelope's market id `venue:symbol`. */
  readonly key: string;
}

export interface UndecodableEvent {
  readonly ok: false;
  readonly rule: Extract<
    RejectRule,
    'invalid_json' | 'unsupported_version' | 'schema_error' | 'key_mismatch'
  >;
  readonly message: string;
  readonly issues?: readonly ValidationIssue[];
  /** What could still be read, so the alert can name the market. */
  readonly envelope?: Envelope;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes to a validated envelope, or the reason they are not one. The record key must be the
 * envelope's market id: ordering (and so every sequence rule) holds per key, and consumers of
 * the valid topic rely on it.
 */
export function decodeRawEvent(event: RawEvent): DecodedEvent | UndecodableEvent {
  if (event.value === null) {
    return { ok: false, rule: 'invalid_json', message: 'A tombstone (no value) is not an event.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(strictUtf8.decode(event.value));
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'not valid UTF-8';
    return { ok: false, rule: 'invalid_json', message: `Not valid JSON: ${reason}.` };
  }
  const version = (json as { v?: unknown } | null)?.v;
  if (typeof version === 'number' && version !== ENVELOPE_VERSION) {
    return {
      ok: false,
      rule: 'unsupported_version',
      message: `Envelope version ${version} is not supported (this validator reads v${ENVELOPE_VERSION}).`,
    };
  }
  const parsed = safeParseEnvelope(json);
  if (!parsed.success) {
    return {
      ok: false,
      rule: 'schema_error',
      message: `${parsed.error.message}.`,
      issues: parsed.error.issues,
    };
  }
  const envelope = parsed.data;
  const expected = marketIdOf(envelope);
  const key = event.key === null ? null : event.key.toString('utf8');
  if (key !== expected) {
    return {
      ok: false,
      rule: 'key_mismatch',
      message: `The record key ${key === null ? 'is missing' : JSON.stringify(key)}; events of ${expected} must be keyed "${expected}" so they stay in order.`,
      issues: [{ path: '(key)', message: `expected "${expected}", got ${JSON.stringify(key)}` }],
      envelope,
    };
  }
  return { ok: true, envelope, key: expected };
}

/** `venue:symbol` without re-validating what the envelope schema already checked. */
export function marketIdOf(envelope: Pick<Envelope, 'venue' | 'symbol'>): string {
  return `${envelope.venue}:${envelope.symbol}`;
}

/** Venue and symbol from a record key, when it is a well-formed market id (for alerts). */
export function marketOfKey(
  key: Buffer | null,
): { venue: Envelope['venue']; symbol: string } | undefined {
  if (key === null) return undefined;
  const text = key.toString('utf8');
  const colon = text.indexOf(':');
  const venue = text.slice(0, colon);
  const symbol = text.slice(colon + 1);
  return colon > 0 && isVenue(venue) && isSymbol(symbol) ? { venue, symbol } : undefined;
}
