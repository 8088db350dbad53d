import { Logger } from '@nestjs/common';
import { ALERT_VERSION, nowMicros, safeParseAlert, type System } from '@tickline/domain';
import type { Producer } from 'kafkajs';

import type { AlertInput, AlertSink } from '../market/ingest-sinks.interface';

export interface AlertPublisherOptions {
  readonly topic: string;
  readonly service: string;
  readonly instance: string;
  readonly system: System;
}

/**
 * Sends each alert to the alert topic at once (its own producer, so an alert never waits
 * behind a large data batch), validated against the domain schema, key `venue:symbol` when it
 * concerns a market, else the service name.
 */
export class AlertPublisher implements AlertSink {
  private readonly logger = new Logger(AlertPublisher.name);
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly options: AlertPublisherOptions,
    private readonly onAlert: (kind: string) => void = () => undefined,
  ) {}

  alert(input: AlertInput): void {
    const parsed = safeParseAlert({
      v: ALERT_VERSION,
      kind: input.kind,
      severity: input.severity,
      timeUs: nowMicros(),
      service: this.options.service,
      instance: this.options.instance,
      system: this.options.system,
      ...(input.venue ? { venue: input.venue } : {}),
      ...(input.symbol ? { symbol: input.symbol } : {}),
      ...(input.market ? { market: input.market } : {}),
      ...(input.dataType ? { dataType: input.dataType } : {}),
      ...(input.exchangeTimeUs !== undefined ? { exchangeTimeUs: input.exchangeTimeUs } : {}),
      message: input.message.slice(0, 2000),
      detail: input.detail,
    });
    if (!parsed.success) {
      this.logger.error(`Could not build a ${input.kind} alert: ${parsed.error.message}`);
      return;
    }
    const alert = parsed.data;
    this.onAlert(alert.kind);
    this.logger.warn({
      msg: alert.message,
      alert: alert.kind,
      venue: alert.venue,
      symbol: alert.symbol,
    });
    const key =
      alert.venue && alert.symbol ? `${alert.venue}:${alert.symbol}` : this.options.service;
    const send = this.producer
      .send({ topic: this.options.topic, messages: [{ key, value: JSON.stringify(alert) }] })
      .catch((error: unknown) =>
        this.logger.error(
          `Alert ${alert.kind} not sent: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => this.pending.delete(send));
    this.pending.add(send);
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
