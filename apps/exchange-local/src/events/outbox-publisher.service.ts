import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DRAIN_ORDER, DrainService } from '@tickline/service-kit';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { PrismaService } from '../persistence/prisma.service';

const BATCH_SIZE = 100;

/**
 * Sends outbox events to Kafka in creation order and marks them published. Rows are taken with
 * SKIP LOCKED inside a transaction, so concurrent instances never send the same batch, and a
 * crash between send and commit re-sends it (at-least-once; consumers dedupe on the event id).
 * Without KAFKA_BROKERS nothing is sent and events accumulate in the outbox.
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  private producer: Producer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;

  constructor(
    private readonly prisma: PrismaService,
    private readonly drain: DrainService,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.kafkaBrokers) {
      this.logger.warn(
        'KAFKA_BROKERS is not set: events are kept in the outbox table and not sent.',
      );
      return;
    }
    const kafka = new Kafka({
      clientId: 'exchange-local',
      brokers: [...this.config.kafkaBrokers],
      logLevel: logLevel.WARN,
    });
    this.producer = kafka.producer({
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: false,
    });
    await this.producer.connect();
    this.timer = setInterval(() => void this.flush(), this.config.worker.pollIntervalMs);
    // After the runners stopped: send what their last transactions recorded.
    this.drain.register(
      'event-outbox',
      async () => {
        if (this.timer) clearInterval(this.timer);
        await this.flush();
      },
      { order: DRAIN_ORDER.flush },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing?.catch(() => undefined);
    await this.producer?.disconnect();
  }

  /** Sends what is pending now; returns how many events went out. */
  flush(): Promise<number> {
    if (!this.producer) return Promise.resolve(0);
    if (this.flushing) return this.flushing;
    this.flushing = this.sendPending(this.producer)
      .catch((error: unknown) => {
        this.logger.error(`Sending events to Kafka failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private async sendPending(producer: Producer): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<
          { id: string; key: string; payload: unknown; topic: string }[]
        >`
          SELECT id, key, payload, topic FROM outbox_events
           WHERE published_at IS NULL
           ORDER BY created_at, id
           LIMIT ${BATCH_SIZE}
           FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        const byTopic = new Map<string, typeof rows>();
        for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
        await producer.sendBatch({
          topicMessages: [...byTopic].map(([topic, messages]) => ({
            topic,
            messages: messages.map((row) => ({
              key: row.key,
              value: JSON.stringify(row.payload),
              headers: { 'content-type': 'application/json', 'event-id': row.id },
            })),
          })),
        });
        await tx.outboxEvent.updateMany({
          where: { id: { in: rows.map((row) => row.id) } },
          data: { publishedAt: new Date() },
        });
        return rows.length;
      });
      total += sent;
      if (sent < BATCH_SIZE) return total;
    }
  }
}
