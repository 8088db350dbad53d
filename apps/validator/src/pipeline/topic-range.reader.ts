import { randomBytes } from 'node:crypto';

import type { Kafka, KafkaMessage } from 'kafkajs';

/** Offsets `[start, end)` of one partition. */
export interface PartitionRange {
  readonly partition: number;
  readonly start: number;
  readonly end: number;
}

export interface RangeReadOptions {
  /** Prefix of the short-lived consumer group the read uses (a random suffix is added). */
  readonly groupIdPrefix: string;
  readonly timeoutMs: number;
}

/**
 * The committed records of `[start, end)` on each partition: the last `tail` records before
 * the last stable offset, so a read after fencing sees exactly what earlier owners committed.
 */
export async function tailRanges(
  kafka: Kafka,
  topic: string,
  partitions: readonly number[],
  tail: number,
): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // The admin client lists offsets read_committed: `high` is the last stable offset.
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets
      .filter((offset) => partitions.includes(offset.partition))
      .map((offset) => {
        const end = Number(offset.high);
        return {
          partition: offset.partition,
          start: Math.max(Number(offset.low), end - tail),
          end,
        };
      });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the committed records of the given ranges once, in offset order per partition, with a
 * consumer of a throwaway group (kafkajs has no group-less reader). A range is done when the
 * consumer has passed its end, which also counts transaction markers and aborted records that
 * are never handed out. Resolves with the number of records delivered.
 */
export async function readTopicRanges(
  kafka: Kafka,
  topic: string,
  ranges: readonly PartitionRange[],
  onRecord: (partition: number, message: KafkaMessage) => void,
  options: RangeReadOptions,
): Promise<number> {
  const wanted = new Map(
    ranges.filter((range) => range.end > range.start).map((r) => [r.partition, r]),
  );
  if (wanted.size === 0) return 0;
  const pending = new Set(wanted.keys());
  const groupId = `${options.groupIdPrefix}.${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
  });
  let delivered = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const progress = (partition: number, lastOffset: string) => {
    const range = wanted.get(partition);
    if (range !== undefined && Number(lastOffset) + 1 >= range.end && pending.delete(partition)) {
      if (pending.size === 0) finish();
    }
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    progress(payload.partition, payload.lastOffset);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    // From the end: partitions we do not seek stay idle instead of being read from the start.
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = wanted.get(batch.partition);
        if (range === undefined) return;
        for (const message of batch.messages) {
          const offset = Number(message.offset);
          if (offset >= range.start && offset < range.end) {
            onRecord(batch.partition, message);
            delivered++;
          }
        }
      },
    });
    for (const range of wanted.values()) {
      consumer.seek({ topic, partition: range.partition, offset: String(range.start) });
    }
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `Reading ${topic} partitions ${[...pending].join(', ')} did not finish within ${options.timeoutMs} ms.`,
            ),
          ),
        options.timeoutMs,
      );
    });
    await Promise.race([finished, timedOut]);
    return delivered;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await deleteGroup(kafka, groupId);
  }
}

/** The group committed nothing; deleting it keeps the coordinator free of leftovers. */
async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // Best effort: an empty group without offsets expires on its own.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
