import type { Alert, AlertDetail, AlertKind, AlertSeverity, Envelope } from '@tickline/domain';

/** Where normalized envelopes go (Kafka, and the lake batcher). */
export interface EnvelopeSink {
  publish(envelope: Envelope): void;
}

/** What an alert says; the sink stamps service, instance, system and time. */
export interface AlertInput {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly detail: AlertDetail;
  readonly venue?: Alert['venue'];
  readonly symbol?: string;
  readonly market?: string;
  readonly dataType?: Alert['dataType'];
  readonly exchangeTimeUs?: number;
}

/** Sends alerts to `md.alerts.v1` at once (never queued behind data). */
export interface AlertSink {
  alert(input: AlertInput): void;
}
