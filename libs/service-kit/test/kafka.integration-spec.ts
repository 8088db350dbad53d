import { Logger } from '@nestjs/common';
import { TOPIC_SPECS } from '@tickline/domain';
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';

import {
  createConsumer,
  createKafkaClient,
  createProducer,
  kafkaClientOptions,
} from '../src/kafka/kafka-client.factory';
import { ensureTopics } from '../src/kafka/topic-bootstrap.util';
import type { TopicSpec } from '../src/kafka/topic-spec.type';
import { defined, runId, stackEnv, waitFor } from './stack-env';

jest.setTimeout(90_000);

const quietLogger = { log: () => undefined, warn: () => undefined };

describe('Kafka against the real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  const createdTopics: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    const env = stackEnv();
    kafka = createKafkaClient(
      kafkaClientOptions({ ...env, SERVICE_NAME: 'service-kit-it', LOG_LEVEL: 'warn' }),
    );
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    if (createdTopics.length > 0) {
      await admin.deleteTopics({ topics: createdTopics });
    }
    await admin?.disconnect();
  });

  describe('topic bootstrap', () => {
    it('creates the missing domain topics with their partitions and config, and is idempotent', async () => {
      const prefix = runId('sk-it');
      const specs: TopicSpec[] = TOPIC_SPECS.map((spec) => ({
        ...spec,
        name: `${prefix}.${spec.name}`,
      }));
      createdTopics.push(...specs.map((spec) => spec.name));
      // One of them exists already: bootstrap must leave it alone and create the rest.
      const [head, ...rest] = specs;
      const first = defined(head, 'at least one topic spec');
      await admin.createTopics({
        topics: [{ topic: first.name, numPartitions: first.partitions }],
      });

      const result = await ensureTopics(admin, specs, { logger: quietLogger });

      expect(result.existing).toEqual([first.name]);
      expect(result.created.sort()).toEqual(rest.map((spec) => spec.name).sort());
      const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
      for (const spec of specs) {
        expect([spec.name, topics.find((t) => t.name === spec.name)?.partitions.length]).toEqual([
          spec.name,
          spec.partitions,
        ]);
      }
      const withConfig = defined(
        rest.find((spec) => Object.keys(spec.config).length > 0),
        'a spec with topic config',
      );
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: withConfig.name,
            configNames: Object.keys(withConfig.config),
          },
        ],
      });
      const entries = Object.fromEntries(
        defined(described.resources[0], 'the described topic').configEntries.map((entry) => [
          entry.configName,
          entry.configValue,
        ]),
      );
      expect(entries).toEqual(withConfig.config);

      const again = await ensureTopics(admin, specs, { logger: quietLogger });
      expect(again.created).toEqual([]);
      expect(again.existing.sort()).toEqual(specs.map((spec) => spec.name).sort());
      expect(again.partitionMismatches).toEqual([]);
    });

    it('replicas bootstrapping the same topics at once all return with every partition led', async () => {
      const specs: TopicSpec[] = [1, 2, 3].map((index) => ({
        name: `${runId('sk-it')}.race-${index}`,
        partitions: 6,
        replicationFactor: 1,
        config: {},
      }));
      createdTopics.push(...specs.map((spec) => spec.name));
      const admins = [kafka.admin(), kafka.admin(), kafka.admin(), kafka.admin()];
      await Promise.all(admins.map((replica) => replica.connect()));
      try {
        const results = await Promise.all(
          admins.map((replica) => ensureTopics(replica, specs, { logger: quietLogger })),
        );
        // Each topic is created by exactly one replica; the others count it as existing.
        for (const spec of specs) {
          expect(results.filter((result) => result.created.includes(spec.name))).toHaveLength(1);
        }
        // Without the wait for leaders, these reads failed with UNKNOWN_TOPIC_OR_PARTITION.
        for (const replica of admins) {
          const { topics } = await replica.fetchTopicMetadata({
            topics: specs.map((spec) => spec.name),
          });
          for (const topic of topics) {
            expect(topic.partitions.every((partition) => partition.leader >= 0)).toBe(true);
          }
        }
      } finally {
        await Promise.all(admins.map((replica) => replica.disconnect()));
      }
    });

    it('reports an existing topic whose partition count differs from its spec', async () => {
      const name = `${runId('sk-it')}.mismatch`;
      createdTopics.push(name);
      await admin.createTopics({ topics: [{ topic: name, numPartitions: 2 }] });
      const result = await ensureTopics(
        admin,
        [{ name, partitions: 4, replicationFactor: 1, config: {} }],
        { logger: quietLogger },
      );
      expect(result.partitionMismatches).toEqual([{ name, expected: 4, actual: 2 }]);
    });

    it('refuses a replication factor the cluster cannot hold, creating nothing', async () => {
      const name = `${runId('sk-it')}.replicated`;
      const { brokers } = await admin.describeCluster();
      const spec: TopicSpec = {
        name,
        partitions: 1,
        replicationFactor: brokers.length + 1,
        config: {},
      };
      await expect(ensureTopics(admin, [spec], { logger: quietLogger })).rejects.toThrow(
        `set KAFKA_TOPIC_REPLICATION_FACTOR to at most ${brokers.length}`,
      );
      expect(await admin.listTopics()).not.toContain(name);

      createdTopics.push(name);
      const overridden = await ensureTopics(admin, [spec], {
        logger: quietLogger,
        replicationFactor: brokers.length,
      });
      expect(overridden.created).toEqual([name]);
    });
  });

  describe('produce and consume through a consumer group', () => {
    it('delivers keys, headers and per-key order, and commits the group offsets', async () => {
      const topic = `${runId('sk-it')}.messages`;
      const groupId = runId('sk-it-group');
      createdTopics.push(topic);
      await ensureTopics(
        admin,
        [{ name: topic, partitions: 3, replicationFactor: 1, config: {} }],
        {
          logger: quietLogger,
        },
      );

      const keys = ['binance:BTCUSDT', 'kraken:XBT/USD', 'coinbase:ETH-USD', 'okx:SOL-USDT'];
      const perKey = 25;
      const producer = createProducer(kafka);
      await producer.connect();
      // Interleaved across keys and sent in several requests, as a live producer would.
      for (let seq = 0; seq < perKey; seq += 1) {
        await producer.send({
          topic,
          messages: keys.map((key) => ({
            key,
            value: JSON.stringify({ key, seq }),
            headers: { 'schema-version': '1', seq: String(seq), 'correlation-id': `${key}#${seq}` },
          })),
        });
      }
      await producer.disconnect();

      const received: {
        key: string;
        seq: number;
        partition: number;
        headers: Record<string, string>;
      }[] = [];
      const consumer = createConsumer(kafka, { groupId });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message, partition }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          const body = JSON.parse(defined(message.value, 'a value').toString('utf8')) as {
            seq: number;
          };
          received.push({
            key: defined(message.key, 'a key').toString('utf8'),
            seq: body.seq,
            partition,
            headers,
          });
        },
      });
      await waitFor('every message', () => received.length >= keys.length * perKey);
      await consumer.disconnect();

      expect(received).toHaveLength(keys.length * perKey);
      for (const key of keys) {
        const mine = received.filter((entry) => entry.key === key);
        expect(mine.map((entry) => entry.seq)).toEqual([...Array(perKey).keys()]);
        expect(new Set(mine.map((entry) => entry.partition)).size).toBe(1);
        for (const entry of mine) {
          expect(entry.headers).toEqual({
            'schema-version': '1',
            seq: String(entry.seq),
            'correlation-id': `${key}#${entry.seq}`,
          });
        }
      }

      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = defined(offsets[0], 'the group offsets').partitions.reduce(
        (sum, partition) => sum + Math.max(0, Number(partition.offset)),
        0,
      );
      expect(committed).toBe(keys.length * perKey);
      await admin.deleteGroups([groupId]);
    });
  });
});
