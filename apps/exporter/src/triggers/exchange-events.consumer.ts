import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  DATA_EXCHANGE_EVENT_SOURCE,
  REVISION_PUBLISHED_DETAIL_TYPE,
  revisionPublishedDetailSchema,
  safeParseExchangeEvent,
} from '@tickline/domain';
import { ConfigService, KafkaService } from '@tickline/service-kit';
import type { Consumer, EachMessagePayload } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { isNotFound } from '../exchange/exchange-errors.util';
import { ExchangeService } from '../exchange/exchange.service';
import { ExportMetrics } from '../exports/export.metrics';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { RevisionTriggerService } from './revision-trigger.service';

/**
 * "Revision Published To Data Set" events (EventBridge envelope on EXPORTER_EVENTS_TOPIC) ->
 * export runs for every enabled subscription of the data set (`resources[0]`). The handler
 * returns only once the runs are rows in PostgreSQL, and kafkajs commits an offset only after
 * its handler returned, so an event is never acknowledged before its runs exist; a failure
 * (database, exchange) throws, and kafkajs delivers the message again. Re-delivery is harmless:
 * the run's unique key absorbs it.
 */
@Injectable()
export class ExchangeEventsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExchangeEventsConsumer.name);
  private readonly consumer: Consumer;
  private readonly topic: string;
  private joinedResolve: () => void = () => undefined;
  /** Resolves once the consumer has joined its group and has partitions. */
  readonly joined = new Promise<void>((resolve) => (this.joinedResolve = resolve));

  constructor(
    config: ConfigService<AppConfig>,
    kafka: KafkaService,
    private readonly exchange: ExchangeService,
    private readonly subscriptions: SubscriptionsService,
    private readonly trigger: RevisionTriggerService,
    private readonly metrics: ExportMetrics,
  ) {
    this.topic = config.get('EXPORTER_EVENTS_TOPIC');
    this.consumer = kafka.consumer({ groupId: config.get('EXPORTER_GROUP_ID') });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.joinedResolve());
    await this.consumer.connect();
    // A new group reads the retained events too; runs that exist already are skipped cheaply.
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({ eachMessage: (payload) => this.handle(payload) });
    this.logger.log(`Consuming exchange events from ${this.topic}.`);
  }

  private async handle({ message, partition }: EachMessagePayload): Promise<void> {
    const where = `${this.topic}/${partition}@${message.offset}`;
    const parsed = safeParseExchangeEvent(parseJson(message.value?.toString('utf8')));
    if (!parsed.success) {
      // Never block the partition on a message that can never be read.
      this.metrics.events.inc({ outcome: 'invalid' });
      this.logger.warn(`Skipped ${where}: not an exchange event (${parsed.error.message}).`);
      return;
    }
    const event = parsed.data;
    const dataSetId = event.resources[0];
    if (
      event.source !== DATA_EXCHANGE_EVENT_SOURCE ||
      event['detail-type'] !== REVISION_PUBLISHED_DETAIL_TYPE ||
      dataSetId === undefined
    ) {
      this.metrics.events.inc({ outcome: 'ignored' });
      return;
    }
    const subscriptions = await this.subscriptions.enabled(dataSetId);
    const detail = revisionPublishedDetailSchema.safeParse(event.detail);
    if (subscriptions.length === 0 || !detail.success) {
      this.metrics.events.inc({ outcome: detail.success ? 'ignored' : 'invalid' });
      return;
    }
    // The event carries ids only; CreatedAt (the export order) and Finalized come from the API.
    const revisions = [];
    for (const revisionId of detail.data.RevisionIds) {
      try {
        revisions.push(await this.exchange.getRevision(dataSetId, revisionId));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        this.logger.warn(
          `Event ${event.id} names revision ${revisionId} of ${dataSetId}, which this account cannot see.`,
        );
      }
    }
    let created = 0;
    for (const subscription of subscriptions) {
      created += await this.trigger.trigger(subscription, revisions, 'event');
    }
    this.metrics.events.inc({ outcome: 'matched' });
    this.logger.log(`Event ${event.id} (${where}): ${created} export run(s) created.`);
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
