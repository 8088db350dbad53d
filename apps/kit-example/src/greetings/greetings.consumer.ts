import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService, KafkaService, MetricsService } from '@tickline/service-kit';
import type { Consumer, EachMessagePayload } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { greetingMessageSchema } from './greeting.dto';

export interface GreetingStats {
  received: number;
  rejected: number;
  byKey: Record<string, number>;
}

/**
 * Counts the greetings on EXAMPLE_TOPIC. KafkaService stops this consumer in the drain phase
 * of shutdown, after the message in hand is handled and its offset committed.
 */
@Injectable()
export class GreetingsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(GreetingsConsumer.name);
  private readonly consumer: Consumer;
  private readonly topic: string;
  private readonly stats: GreetingStats = { received: 0, rejected: 0, byKey: {} };
  private readonly consumed;

  constructor(config: ConfigService<AppConfig>, kafka: KafkaService, metrics: MetricsService) {
    this.topic = config.get('EXAMPLE_TOPIC');
    this.consumer = kafka.consumer({ groupId: config.get('EXAMPLE_GROUP_ID') });
    this.consumed = metrics.counter({
      name: 'greetings_consumed_total',
      help: 'Greetings read from Kafka, by outcome.',
      labelNames: ['outcome'],
    });
  }

  /** After every module's init, so the topic bootstrap has run. */
  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({ eachMessage: (payload) => this.handle(payload) });
    this.logger.log(`Consuming greetings from ${this.topic}.`);
  }

  snapshot(): GreetingStats {
    return { ...this.stats, byKey: { ...this.stats.byKey } };
  }

  private async handle({ message, partition }: EachMessagePayload): Promise<void> {
    const key = message.key?.toString('utf8') ?? '';
    const parsed = greetingMessageSchema.safeParse(safeJson(message.value?.toString('utf8')));
    if (!parsed.success) {
      // A bad message is counted and skipped, never allowed to stop the consumer.
      this.stats.rejected += 1;
      this.consumed.inc({ outcome: 'rejected' });
      this.logger.warn(
        `Rejected greeting at ${this.topic}/${partition}@${message.offset}: not a greeting.`,
      );
      return;
    }
    this.stats.received += 1;
    this.stats.byKey[key] = (this.stats.byKey[key] ?? 0) + 1;
    this.consumed.inc({ outcome: 'accepted' });
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
