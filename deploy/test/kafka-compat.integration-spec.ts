// Proves that kafkajs (the client every Tickline service uses) works against the
// broker the local stack runs: admin calls, produce, consume in a group with
// committed offsets, and a rebalance when a second group member joins.
import { randomUUID } from 'node:crypto';
import {
  CompressionTypes,
  ConfigResourceTypes,
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type KafkaMessage,
} from 'kafkajs';

import { kafkaBrokers } from './support/integration-env.util';

jest.setTimeout(90_000);

type Assignment = Record<string, number[]>;

interface Member {
  consumer: Consumer;
  assignment: Assignment;
  received: Array<{ partition: number; message: KafkaMessage }>;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, deadlineMs = 45_000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('kafkajs against the stack broker', () => {
  const runId = randomUUID().slice(0, 8);
  const kafka = new Kafka({
    clientId: `kafka-compat-${runId}`,
    brokers: kafkaBrokers(),
    // kafkajs logs expected rebalance responses as errors; the assertions tell the story.
    logLevel: logLevel.NOTHING,
  });
  let admin: Admin;
  const topics: string[] = [];
  const consumers: Consumer[] = [];

  async function createTopic(name: string, numPartitions: number): Promise<string> {
    const topic = `compat.${name}.${runId}`;
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    topics.push(topic);
    return topic;
  }

  async function joinGroup(groupId: string, topic: string): Promise<Member> {
    const consumer = kafka.consumer({
      groupId,
      // Short heartbeats let existing members notice a rebalance quickly.
      heartbeatInterval: 250,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      // A member rejoins only between fetches; short fetch waits keep rebalances quick.
      maxWaitTimeInMs: 500,
    });
    consumers.push(consumer);
    const member: Member = { consumer, assignment: {}, received: [] };
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      member.assignment = event.payload.memberAssignment;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        member.received.push({ partition, message });
      },
    });
    return member;
  }

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((consumer) => consumer.disconnect()));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates topics with the requested partitions and lists them in metadata', async () => {
    const topic = await createTopic('admin', 3);

    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics).toHaveLength(1);
    expect(metadata.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    expect(await admin.listTopics()).toContain(topic);

    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);

    // ListOffsets and DescribeConfigs lost their oldest versions in Kafka 4 (KIP-896).
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
      [0, '0', '0'],
      [1, '0', '0'],
      [2, '0', '0'],
    ]);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] },
      ],
    });
    expect(configs.resources[0].configEntries).toEqual([
      expect.objectContaining({ configName: 'cleanup.policy', configValue: 'delete' }),
    ]);
  });

  it('produces keyed messages and consumes every one of them in a group, committing offsets', async () => {
    const topic = await createTopic('produce-consume', 3);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, i) => ({
      key: `market-${i % 5}`,
      value: JSON.stringify({ seq: i }),
      headers: { 'x-run': runId },
    }));
    try {
      await producer.send({ topic, messages: sent.slice(0, 15), acks: -1 });
      // A gzip batch uses a different record-batch layout on the wire.
      await producer.send({
        topic,
        messages: sent.slice(15),
        acks: -1,
        compression: CompressionTypes.GZIP,
      });
    } finally {
      await producer.disconnect();
    }

    const groupId = `compat-consume-${runId}`;
    const member = await joinGroup(groupId, topic);
    await waitFor('all produced messages', () => member.received.length >= sent.length);

    const got = member.received.map(({ message }) => ({
      key: message.key?.toString(),
      value: message.value?.toString(),
      run: message.headers?.['x-run']?.toString(),
    }));
    expect(got).toHaveLength(sent.length);
    expect(new Set(got.map((m) => m.value))).toEqual(new Set(sent.map((m) => m.value)));
    expect(got.every((m) => m.run === runId)).toBe(true);
    // Per key, order survives because one key always lands on one partition.
    for (const key of new Set(sent.map((m) => m.key))) {
      const seqs = got
        .filter((m) => m.key === key)
        .map((m) => (JSON.parse(m.value ?? '{}') as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }

    // kafkajs commits asynchronously after eachMessage; wait for the committed offsets.
    await waitFor('committed offsets', async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = offsets.partitions.reduce(
        (sum, p) => sum + Math.max(0, Number(p.offset)),
        0,
      );
      return committed === sent.length;
    });
  });

  it('rebalances partitions when a second consumer joins the group', async () => {
    const partitions = [0, 1, 2, 3];
    const topic = await createTopic('rebalance', partitions.length);
    const groupId = `compat-rebalance-${runId}`;

    const first = await joinGroup(groupId, topic);
    await waitFor(
      'the first member to own every partition',
      () => (first.assignment[topic] ?? []).length === 4,
    );

    const second = await joinGroup(groupId, topic);
    await waitFor('partitions to be split between both members', () => {
      const a = first.assignment[topic] ?? [];
      const b = second.assignment[topic] ?? [];
      return a.length > 0 && b.length > 0 && a.length + b.length === partitions.length;
    });
    const ownedByFirst = [...(first.assignment[topic] ?? [])].sort();
    const ownedBySecond = [...(second.assignment[topic] ?? [])].sort();
    expect([...ownedByFirst, ...ownedBySecond].sort()).toEqual(partitions);

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: partitions.flatMap((partition) =>
          [0, 1].map((n) => ({ partition, value: `p${partition}-m${n}` })),
        ),
      });
    } finally {
      await producer.disconnect();
    }

    await waitFor(
      'both members to receive the messages of their partitions',
      () => first.received.length + second.received.length >= partitions.length * 2,
    );
    expect(first.received.length + second.received.length).toBe(partitions.length * 2);
    expect(new Set(first.received.map((r) => r.partition))).toEqual(new Set(ownedByFirst));
    expect(new Set(second.received.map((r) => r.partition))).toEqual(new Set(ownedBySecond));
  });

  it('commits and aborts transactions, and a read_committed consumer sees only the committed ones', async () => {
    const topic = await createTopic('transactions', 1);
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: `compat-tx-${runId}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      const committed = await producer.transaction();
      await committed.send({
        topic,
        messages: [{ value: 'committed-1' }, { value: 'committed-2' }],
      });
      await committed.commit();

      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [{ value: 'aborted-1' }] });
      await aborted.abort();

      const last = await producer.transaction();
      await last.send({ topic, messages: [{ value: 'committed-3' }] });
      await last.commit();
    } finally {
      await producer.disconnect();
    }

    const groupId = `compat-tx-reader-${runId}`;
    const member = await joinGroup(groupId, topic);
    await waitFor('the committed messages', () => member.received.length >= 3);
    // The last committed message arrived, so anything aborted before it would have too.
    expect(member.received.map((r) => r.message.value?.toString())).toEqual([
      'committed-1',
      'committed-2',
      'committed-3',
    ]);

    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0].groupId).toBe(groupId);
    expect(described.groups[0].members).toHaveLength(1);
  });
});
