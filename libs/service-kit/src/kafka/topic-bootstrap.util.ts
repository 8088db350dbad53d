import type { Admin } from 'kafkajs';

import type { TopicSpec } from './topic-spec.type';

export interface TopicBootstrapOptions {
  /** Replaces every spec's replication factor (KAFKA_TOPIC_REPLICATION_FACTOR). */
  replicationFactor?: number;
  /** How long to wait for every partition of the topics to have a leader (default 30 s). */
  readyTimeoutMs?: number;
  logger?: { log(message: string): void; warn(message: string): void };
}

export interface TopicBootstrapResult {
  created: string[];
  existing: string[];
  /** Existing topics whose partition count differs from the spec; never changed automatically. */
  partitionMismatches: { name: string; expected: number; actual: number }[];
}

/**
 * Creates the topics of `specs` that do not exist yet, with their partition count, replication
 * factor and config; leaves existing topics alone. Safe to run from every replica at start:
 * a topic created concurrently by another replica counts as existing.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  options: TopicBootstrapOptions = {},
): Promise<TopicBootstrapResult> {
  const names = specs.map((spec) => spec.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) {
    throw new Error(`Topic "${duplicate}" is listed twice.`);
  }

  const present = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !present.has(spec.name));
  const result: TopicBootstrapResult = {
    created: [],
    existing: specs.filter((spec) => present.has(spec.name)).map((spec) => spec.name),
    partitionMismatches: [],
  };

  if (missing.length > 0) {
    const { brokers } = await admin.describeCluster();
    for (const spec of missing) {
      const replicationFactor = options.replicationFactor ?? spec.replicationFactor;
      if (replicationFactor > brokers.length) {
        throw new Error(
          `Topic "${spec.name}" needs replication factor ${replicationFactor} but the cluster has ` +
            `${brokers.length} broker(s); set KAFKA_TOPIC_REPLICATION_FACTOR to at most ${brokers.length}.`,
        );
      }
    }
    for (const spec of missing) {
      const replicationFactor = options.replicationFactor ?? spec.replicationFactor;
      const created = await admin.createTopics({
        topics: [
          {
            topic: spec.name,
            numPartitions: spec.partitions,
            replicationFactor,
            configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
          },
        ],
        // awaitLeaders below waits, longer than kafkajs' 5 s that fails a start on a new broker.
        waitForLeaders: false,
      });
      if (created) {
        result.created.push(spec.name);
        options.logger?.log(
          `Created topic ${spec.name} with ${spec.partitions} partition(s), replication factor ${replicationFactor}.`,
        );
      } else {
        result.existing.push(spec.name);
      }
    }
  }

  // A topic another replica has just created is listed before its partitions have leaders;
  // producing or describing it then fails with UNKNOWN_TOPIC_OR_PARTITION. Return only once
  // every partition is led, so callers never race the broker.
  const topics = await awaitLeaders(admin, names, options.readyTimeoutMs ?? 30_000);
  const previouslyPresent = specs.filter((spec) => present.has(spec.name));
  if (previouslyPresent.length > 0) {
    for (const spec of previouslyPresent) {
      const actual = topics.find((topic) => topic.name === spec.name)?.partitions.length;
      if (actual !== undefined && actual !== spec.partitions) {
        result.partitionMismatches.push({ name: spec.name, expected: spec.partitions, actual });
        options.logger?.warn(
          `Topic ${spec.name} has ${actual} partition(s) but its spec says ${spec.partitions}; left unchanged.`,
        );
      }
    }
  }
  return result;
}

type TopicMetadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>['topics'];

const RETRYABLE_METADATA_ERRORS = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
]);

async function awaitLeaders(
  admin: Admin,
  names: readonly string[],
  timeoutMs: number,
): Promise<TopicMetadata> {
  const deadline = Date.now() + timeoutMs;
  let delayMs = 50;
  for (;;) {
    let pending: string;
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
      const unled = topics.find(
        (topic) =>
          topic.partitions.length === 0 ||
          topic.partitions.some((partition) => partition.leader < 0),
      );
      if (unled) {
        pending = `${unled.name} has a partition without a leader`;
      } else {
        // A new broker names a leader in the metadata before that leader serves the partition
        // (ListOffsets answers NOT_LEADER_FOR_PARTITION): ready only once offsets can be read.
        for (const name of names) await admin.fetchTopicOffsets(name);
        return topics;
      }
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (!type || !RETRYABLE_METADATA_ERRORS.has(type)) throw error;
      pending = `${type} while reading the metadata and offsets of ${names.join(', ')}`;
    }
    if (Date.now() + delayMs > deadline) {
      throw new Error(`Kafka topics not ready after ${timeoutMs} ms: ${pending}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 1_000);
  }
}
