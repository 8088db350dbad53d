import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService, KafkaService, MetricsService } from '@tickline/service-kit';
import type { Producer } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import type { GreetingMessage, SendGreetingDto } from './greeting.dto';

export interface SentGreeting {
  topic: string;
  partition: number;
  offset: string;
}

@Injectable()
export class GreetingsProducer implements OnModuleInit {
  private readonly producer: Producer;
  private readonly topic: string;
  private readonly produced;

  constructor(config: ConfigService<AppConfig>, kafka: KafkaService, metrics: MetricsService) {
    this.topic = config.get('EXAMPLE_TOPIC');
    this.producer = kafka.producer();
    this.produced = metrics.counter({
      name: 'greetings_produced_total',
      help: 'Greetings written to Kafka.',
    });
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async send(greeting: SendGreetingDto, requestId: string | undefined): Promise<SentGreeting> {
    const value: GreetingMessage = { text: greeting.text, sentAt: new Date().toISOString() };
    const [record] = await this.producer.send({
      topic: this.topic,
      messages: [
        {
          key: greeting.key,
          value: JSON.stringify(value),
          headers: {
            ...greeting.headers,
            'content-type': 'application/json',
            ...(requestId ? { 'x-request-id': requestId } : {}),
          },
        },
      ],
    });
    this.produced.inc();
    return {
      topic: this.topic,
      partition: record?.partition ?? -1,
      offset: record?.baseOffset ?? '',
    };
  }
}
