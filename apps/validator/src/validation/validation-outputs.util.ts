import {
  ALERT_VERSION,
  type Alert,
  type AlertDetail,
  type AlertKind,
  type AlertSeverity,
  DEAD_LETTER_VERSION,
  type DeadLetter,
  type DeadLetterReason,
  encodeOriginalValue,
  type Envelope,
  type ValidationIssue,
  type Venue,
} from '@tickline/domain';

import type { RawEvent } from './raw-event.type';
import type { ValidationSettings } from './validation-settings.type';
import type { RejectRule } from './validation-result.type';

/**
 * The dead-letter reason of each rule. The domain's reasons describe the form of the input;
 * events that are well-formed but break a validator rule are `processing_error`, and the rule
 * itself travels in the record's error message and in the `validator-rule` header.
 */
export const DEAD_LETTER_REASON_OF: Readonly<Record<RejectRule, DeadLetterReason>> = {
  invalid_json: 'invalid_json',
  unsupported_version: 'unsupported_version',
  schema_error: 'schema_error',
  key_mismatch: 'schema_error',
  bad_number: 'processing_error',
  crossed_book: 'processing_error',
  future_timestamp: 'processing_error',
  stale_timestamp: 'processing_error',
};

/** The alert kind raised with each rejection. */
export const ALERT_KIND_OF: Readonly<Record<RejectRule, AlertKind>> = {
  invalid_json: 'schema_error',
  unsupported_version: 'schema_error',
  schema_error: 'schema_error',
  key_mismatch: 'schema_error',
  bad_number: 'bad_number',
  crossed_book: 'crossed_book',
  future_timestamp: 'future_timestamp',
  stale_timestamp: 'stale_timestamp',
};

/** Where an alert points: a decoded event, or the venue and symbol read from the key. */
export type AlertSubject =
  { readonly envelope: Envelope } | { readonly venue: Venue; readonly symbol: string } | undefined;

export interface AlertFields {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly detail: AlertDetail;
}

export function buildAlert(
  settings: ValidationSettings,
  subject: AlertSubject,
  fields: AlertFields,
): Alert {
  const about =
    subject === undefined
      ? {}
      : 'envelope' in subject
        ? {
            system: subject.envelope.system,
            venue: subject.envelope.venue,
            symbol: subject.envelope.symbol,
            market: subject.envelope.market,
            dataType: subject.envelope.type,
            exchangeTimeUs: subject.envelope.exchangeTimeUs,
          }
        : { venue: subject.venue, symbol: subject.symbol };
  return {
    v: ALERT_VERSION,
    kind: fields.kind,
    severity: fields.severity,
    timeUs: settings.now(),
    service: settings.service,
    ...(settings.instance === undefined ? {} : { instance: settings.instance }),
    ...about,
    message: fields.message.length > 2000 ? `${fields.message.slice(0, 1997)}...` : fields.message,
    detail: fields.detail,
  };
}

/**
 * Original values above this are not copied into the dead letter: the record must stay below
 * the broker's 1 MiB limit with its JSON escaping, or the dead letter itself could not be written.
 */
export const MAX_DEAD_LETTER_VALUE_BYTES = 512 * 1024;

export function buildDeadLetter(
  settings: ValidationSettings,
  event: RawEvent,
  rule: RejectRule,
  message: string,
  issues: readonly ValidationIssue[] | undefined,
): DeadLetter {
  const tooLarge = event.value !== null && event.value.length > MAX_DEAD_LETTER_VALUE_BYTES;
  return {
    v: DEAD_LETTER_VERSION,
    timeUs: settings.now(),
    service: settings.service,
    reason: DEAD_LETTER_REASON_OF[rule],
    error: {
      message: `${rule}: ${message}${tooLarge ? ` The original value (${event.value?.length} bytes) is not kept: above ${MAX_DEAD_LETTER_VALUE_BYTES} bytes.` : ''}`,
      ...(issues === undefined || issues.length === 0 ? {} : { issues: [...issues] }),
    },
    source: {
      topic: event.topic,
      partition: event.partition,
      offset: event.offset,
      key: event.key === null ? null : event.key.toString('utf8'),
      ...(event.timestamp === undefined ? {} : { timestamp: event.timestamp }),
    },
    value: event.value === null || tooLarge ? null : encodeOriginalValue(event.value),
    ...(event.headers === undefined || Object.keys(event.headers).length === 0
      ? {}
      : { headers: { ...event.headers } }),
  };
}

/** `binance BTCUSDT book_delta`: how messages name an event's stream. */
export function describeStream(envelope: Envelope): string {
  return `${envelope.venue} ${envelope.symbol} ${envelope.type}`;
}
