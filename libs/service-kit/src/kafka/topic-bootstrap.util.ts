import type { Admin } from 'kafkajs';

import type { TopicSpec } from './topic-spec.type';

export interface TopicBootstrapOptions {
  /** Replaces every spec's replication factor (KAFKA_TOPIC_REPLICATION_FACTOR). */
  replicationFactor?: number;
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
        waitForLeaders: true,
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

  const previouslyPresent = specs.filter((spec) => present.has(spec.name));
  if (previouslyPresent.length > 0) {
    const { topics } = await admin.fetchTopicMetadata({
      topics: previouslyPresent.map((spec) => spec.name),
    });
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
