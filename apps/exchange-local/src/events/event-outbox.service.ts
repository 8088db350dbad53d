import { Inject, Injectable } from '@nestjs/common';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { DbClient } from '../persistence/db-client.type';

import type { ExchangeEventEnvelope } from './exchange-event.util';

/**
 * Records events in the same transaction as the change they describe, so an event is sent if
 * and only if the change committed (the publisher loop delivers them to Kafka).
 */
@Injectable()
export class EventOutbox {
  constructor(@Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig) {}

  async enqueue(db: DbClient, event: ExchangeEventEnvelope): Promise<void> {
    await db.outboxEvent.create({
      data: {
        id: event.id,
        key: event.resources[0] ?? event.account,
        payload: event as unknown as object,
        topic: this.config.eventsTopic,
      },
    });
  }
}
