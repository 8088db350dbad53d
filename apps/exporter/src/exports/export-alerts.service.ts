import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ExportRun } from '@tickline/db';
import { ALERT_VERSION, nowMicros, safeParseAlert } from '@tickline/domain';
import { ConfigService, DRAIN_ORDER, DrainService, KafkaService } from '@tickline/service-kit';
import type { Producer } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';

/**
 * Raises `export_failed` on the alerts topic (libs/domain alert schema, key = service name)
 * when an export run fails for good. Sends are awaited by the caller, and flushed at drain.
 */
@Injectable()
export class ExportAlertsService implements OnModuleInit {
  private readonly logger = new Logger(ExportAlertsService.name);
  private readonly producer: Producer;
  private readonly topic: string;
  private readonly service: string;
  private readonly pending = new Set<Promise<void>>();

  constructor(config: ConfigService<AppConfig>, kafka: KafkaService, drain: DrainService) {
    this.producer = kafka.producer();
    this.topic = config.get('EXPORTER_ALERTS_TOPIC');
    this.service = config.get('SERVICE_NAME');
    drain.register('export alerts', () => this.flush(), { order: DRAIN_ORDER.flush });
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  /** Never throws: a lost alert is logged, the failed status stays in the database and REST. */
  async exportFailed(run: ExportRun, subscriptionName: string, reason: string): Promise<void> {
    const parsed = safeParseAlert({
      v: ALERT_VERSION,
      kind: 'export_failed',
      severity: 'critical',
      timeUs: nowMicros(),
      service: this.service,
      message:
        `Export of revision ${run.exchangeRevisionId} of data set ${run.exchangeDataSetId} to s3://${run.destinationBucket}/${run.destinationKeyPattern} (subscription ${subscriptionName}) failed after ${run.attempts} attempt(s): ${reason}`.slice(
          0,
          2000,
        ),
      detail: {
        reason: 'export_failed',
        count: run.attempts,
        received: reason.slice(0, 200),
        exportRunId: run.id,
        subscription: subscriptionName.slice(0, 1000),
        dataSetId: run.exchangeDataSetId,
        revisionId: run.exchangeRevisionId,
        bucket: run.destinationBucket,
      },
    });
    if (!parsed.success) {
      this.logger.error(`Could not build an export_failed alert: ${parsed.error.message}`);
      return;
    }
    const send = this.producer
      .send({
        topic: this.topic,
        messages: [{ key: this.service, value: JSON.stringify(parsed.data) }],
      })
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.error(
          `Alert export_failed for run ${run.id} not sent: ${(error as Error).message}`,
        ),
      )
      .finally(() => this.pending.delete(send));
    this.pending.add(send);
    await send;
  }

  private async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
