import {
  createKafkaClient,
  createProducer,
  kafkaClientOptions,
  kafkaConfigFields,
  parseConfig,
} from '@tickline/service-kit';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { z } from 'zod';

/** The stack's Kafka variables; the integration tests need nothing else. */
export function stackVariables(): Record<string, string> {
  if (!process.env['KAFKA_BROKERS']) {
    throw new Error(
      'The validator integration tests need the local stack (KAFKA_BROKERS unset): run ' +
        '`npm run stack -- up` and `eval "$(npm run -s stack -- env --export)"` first.',
    );
  }
  return { KAFKA_BROKERS: process.env['KAFKA_BROKERS'] };
}

export function testKafka(stack: Record<string, string>): Kafka {
  return createKafkaClient(
    kafkaClientOptions({
      ...parseConfig(z.object(kafkaConfigFields()), stack),
      SERVICE_NAME: 'validator-it',
      LOG_LEVEL: 'error',
    }),
  );
}

/** An ingester's producer: idempotent, acks=all, the platform's partitioner. */
export async function ingesterProducer(kafka: Kafka): Promise<Producer> {
  const producer = createProducer(kafka);
  await producer.connect();
  return producer;
}

export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Resolves once the group's committed offsets reach the end of every partition of `topic`. */
export async function waitForGroupCaughtUp(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(
      `group ${groupId} to commit the end of ${topic}`,
      async () => {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId, topics: [topic] }),
        ]);
        const done = new Map(
          (committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
        );
        return ends.map((end) => ({
          partition: end.partition,
          end: Number(end.high),
          committed: done.get(end.partition) ?? -1,
        }));
      },
      (partitions) => partitions.every((p) => p.end === 0 || p.committed === p.end),
      120_000,
    );
  } finally {
    await admin.disconnect();
  }
}

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/**
 * Every committed record of `topic` up to its current end, in offset order per partition,
 * read with a plain read_committed consumer of a throwaway group.
 */
export async function readTopic(kafka: Kafka, topic: string): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]),
  );
  const pending = new Set([...ends].filter(([, end]) => end > 0).map(([partition]) => partition));
  const records: ReadRecord[] = [];
  if (pending.size > 0) {
    const groupId = `${topic}.reader.${Math.random().toString(36).slice(2)}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (Number(payload.lastOffset) + 1 >= (ends.get(payload.partition) ?? 0)) {
        pending.delete(payload.partition);
        if (pending.size === 0) finish();
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) < (ends.get(partition) ?? 0))
          records.push(toRecord(partition, message));
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Reading ${topic} timed out.`)), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  await admin.disconnect();
  return records.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

function toRecord(partition: number, message: KafkaMessage): ReadRecord {
  return {
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? '',
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
    ),
  };
}
