import { Injectable, Logger } from '@nestjs/common';
import {
  ALERT_VERSION,
  type Alert,
  type AlertDetail,
  type AlertKind,
  type AlertSeverity,
  nowMicros,
  parseAlert,
} from '@tickline/domain';
import { ConfigService, KafkaService } from '@tickline/service-kit';
import type { Producer } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { PublisherMetrics } from './publisher.metrics';

export interface PublisherAlert {
  readonly kind: Extract<AlertKind, 'publish_failed' | 'quarantined_input'>;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly detail: AlertDetail;
  readonly venue?: Alert['venue'];
  readonly dataType?: Alert['dataType'];
}

/**
 * Alerts on the alerts topic (libs/domain alert schema). Sending is best effort: an alert
 * that cannot be sent is logged at error level and counted, and never fails the run. The
 * producer is made by KafkaService, which also disconnects it at shutdown.
 */
@Injectable()
export class AlertService {
  private readonly logger = new Logger(AlertService.name);
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(
    private readonly kafka: KafkaService,
    private readonly config: ConfigService<AppConfig>,
    private readonly metrics: PublisherMetrics,
  ) {}

  async raise(alert: PublisherAlert): Promise<void> {
    const value = parseAlert({
      v: ALERT_VERSION,
      kind: alert.kind,
      severity: alert.severity,
      timeUs: nowMicros(),
      service: this.config.get('SERVICE_NAME'),
      ...(this.config.get('HOSTNAME') ? { instance: this.config.get('HOSTNAME') } : {}),
      ...(alert.venue ? { venue: alert.venue } : {}),
      ...(alert.dataType ? { dataType: alert.dataType } : {}),
      message: alert.message.slice(0, 2000),
      detail: alert.detail,
    });
    this.metrics.alerts.inc({ kind: alert.kind });
    this.logger.warn({ msg: `Alert ${alert.kind}: ${value.message}`, alert: value });
    try {
      const producer = await this.connected();
      await producer.send({
        topic: this.config.get('PUBLISHER_ALERTS_TOPIC'),
        messages: [{ key: alert.kind, value: JSON.stringify(value) }],
      });
    } catch (error) {
      this.metrics.alertSendFailures.inc();
      this.logger.error(`Alert ${alert.kind} could not be sent: ${(error as Error).message}`);
    }
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer();
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
