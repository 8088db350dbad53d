import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import type { Envelope } from '@tickline/domain';
import {
  createKafkaClient,
  createProducer,
  createServiceApp,
  kafkaClientOptions,
  kafkaConfigFields,
  parseConfig,
} from '@tickline/service-kit';
import type { Kafka, Producer } from 'kafkajs';
import { z } from 'zod';

import { AppModule } from '../src/app.module';
import { CacheFeedService } from '../src/kafka/cache-feed.service';

/** The stack's Kafka; fails with a clear message when the stack's variables are missing. */
export function stackKafkaBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'cache integration tests need the local stack (KAFKA_BROKERS unset): run ' +
        '`npm run stack -- up` and `eval "$(npm run -s stack -- env --export)"` first.',
    );
  }
  return brokers;
}

export function uniqueRunId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function kafkaClient(brokers: string): Kafka {
  return createKafkaClient(
    kafkaClientOptions({
      ...parseConfig(z.object(kafkaConfigFields()), { KAFKA_BROKERS: brokers }),
      SERVICE_NAME: 'cache-it',
      LOG_LEVEL: 'error',
    }),
  );
}

export async function createTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: topics[0] as string, numPartitions: 6 },
      ...topics.slice(1).map((topic) => ({
        topic,
        numPartitions: 6,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      })),
    ],
  });
  await admin.disconnect();
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = createProducer(kafka);
  await producer.connect();
  return producer;
}

export async function produceEnvelopes(
  producer: Producer,
  topic: string,
  envelopes: Envelope[],
): Promise<void> {
  await producer.send({
    topic,
    messages: envelopes.map((envelope) => ({
      key: `${envelope.venue}:${envelope.symbol}`,
      value: JSON.stringify(envelope),
    })),
  });
}

export async function startCache(env: Record<string, string>): Promise<INestApplication> {
  const app = await createServiceApp(AppModule.forRoot({ env }));
  await app.listen(0, '127.0.0.1');
  return app;
}

export function feedOf(app: INestApplication): CacheFeedService {
  return app.get(CacheFeedService);
}

export async function eventually<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
