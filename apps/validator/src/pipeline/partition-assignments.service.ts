import { performance } from 'node:perf_hooks';

import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService, createProducer, KafkaService } from '@tickline/service-kit';
import type { EachBatchPayload, IHeaders, KafkaMessage, Producer, TopicMessages } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { PartitionValidator } from '../validation/partition-validator.model';
import type { RawEvent } from '../validation/raw-event.type';
import type { ValidationSettings } from '../validation/validation-settings.type';
import { batchOutputs, type OutputTopics, produceRequests } from './batch-outputs.util';
import { partitionOfKey } from './raw-partitioner.util';
import { readTopicRanges, tailRanges } from './topic-range.reader';
import { validationSettings } from './validation-settings.util';
import { ValidatorMetrics } from './validator.metrics';

/** What this replica holds for one raw partition it owns. */
interface PartitionSlot {
  readonly partition: number;
  validator: PartitionValidator;
  /** Transactional, with an id of its own per raw partition: the next owner fences it. */
  producer: Producer | undefined;
  /** Settles when the producer is fenced-in and the state rebuilt. */
  ready: Promise<void>;
  /** The batch in progress, settled either way. */
  busy: Promise<void>;
  /** A batch failed: the state may be ahead of what was committed, so rebuild it. */
  dirty: boolean;
}

const HEARTBEAT_WHILE_WAITING_MS = 3_000;
const TRANSACTION_RETRY_INITIAL_MS = 10;

/**
 * Exactly-once validation per raw partition. Each batch is validated, and its outputs (valid
 * events, dead letters, alerts) and the consumer offset are written in one Kafka transaction,
 * so a crash at any point leaves either all of them or none. On every assignment the new owner
 * first fences the previous one (initialising the partition's transactional id aborts whatever
 * it left open) and then rebuilds the partition's state by replaying the tail of the valid
 * topic: the validator is deterministic, so that lands where the last owner's committed state
 * was, and copies still arriving from a slower ingester are recognised as duplicates.
 */
@Injectable()
export class PartitionAssignments implements OnApplicationShutdown {
  private readonly logger = new Logger(PartitionAssignments.name);
  private readonly config: Readonly<AppConfig>;
  private readonly settings: ValidationSettings;
  private readonly topics: OutputTopics;
  private slots = new Map<number, PartitionSlot>();
  private retiring: Promise<unknown> = Promise.resolve();

  constructor(
    config: ConfigService<AppConfig>,
    private readonly kafka: KafkaService,
    private readonly metrics: ValidatorMetrics,
  ) {
    this.config = config.all();
    this.settings = validationSettings(this.config);
    this.topics = {
      valid: this.config.VALIDATOR_VALID_TOPIC,
      deadLetters: this.config.VALIDATOR_DEAD_LETTER_TOPIC,
      alerts: this.config.VALIDATOR_ALERTS_TOPIC,
    };
  }

  /** Raw partitions currently owned (tests and diagnostics). */
  get partitions(): number[] {
    return [...this.slots.keys()].sort((a, b) => a - b);
  }

  /**
   * The group (re)assigned this replica's raw partitions. Called synchronously from the join
   * event, before any batch of the new generation, so every batch finds its slot; the slots
   * wait for the previous generation's batches and producers before fencing and rebuilding.
   */
  assign(partitions: readonly number[]): void {
    const previous = [...this.slots.values()];
    this.slots = new Map();
    this.metrics.markets.reset();
    const slots = partitions.map((partition) => this.newSlot(partition));
    const ready = (async () => {
      await Promise.all(previous.map((slot) => slot.busy));
      await Promise.all(previous.map((slot) => this.closeProducer(slot)));
      await this.rebuild(slots);
    })();
    this.retiring = ready.catch(() => undefined);
    for (const slot of slots) {
      slot.ready = ready;
      this.slots.set(slot.partition, slot);
    }
  }

  /** kafkajs `eachBatch`: one raw partition's batch, validated and committed in one transaction. */
  async process(payload: EachBatchPayload): Promise<void> {
    const partition = payload.batch.partition;
    let slot = this.slots.get(partition);
    if (slot === undefined) {
      // Only if kafkajs handed out a batch before announcing the assignment.
      slot = this.newSlot(partition);
      slot.ready = this.rebuild([slot]);
      this.slots.set(partition, slot);
    }
    const run = this.runBatch(slot, payload);
    slot.busy = run.catch(() => undefined);
    await run;
  }

  private newSlot(partition: number): PartitionSlot {
    return {
      partition,
      validator: new PartitionValidator(this.settings),
      producer: undefined,
      ready: Promise.resolve(),
      busy: Promise.resolve(),
      dirty: false,
    };
  }

  private async runBatch(slot: PartitionSlot, payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isStale } = payload;
    if (slot.dirty) {
      slot.dirty = false;
      slot.ready = this.rebuild([slot]);
    }
    try {
      await whileHeartbeating(slot.ready, heartbeat);
    } catch (error) {
      slot.dirty = true;
      throw error;
    }
    if (isStale()) return;

    const started = performance.now();
    const results = batch.messages.map((message) =>
      slot.validator.validate(rawEventOf(batch.topic, batch.partition, message)),
    );
    const outputs = batchOutputs(
      results,
      (index) => batch.messages[index]?.headers,
      this.topics,
      this.settings.service,
    );
    const producer = slot.producer as Producer;
    const nextOffset = String(Number(batch.lastOffset()) + 1);
    if (this.config.VALIDATOR_EXACTLY_ONCE) {
      await this.commitInTransaction(slot, producer, payload, outputs, nextOffset);
    } else {
      await this.commitAfterSending(slot, producer, payload, outputs, nextOffset);
    }
    this.metrics.record(results);
    this.metrics.batchDuration.observe((performance.now() - started) / 1000);
    this.metrics.lag.set({ partition: String(batch.partition) }, Number(batch.offsetLag()));
    this.metrics.markets.set({ partition: String(batch.partition) }, slot.validator.marketCount);
    await heartbeat();
  }

  /** Outputs and the consumer offset in one transaction: all of them become visible, or none. */
  private async commitInTransaction(
    slot: PartitionSlot,
    producer: Producer,
    { batch, resolveOffset }: EachBatchPayload,
    outputs: readonly TopicMessages[],
    nextOffset: string,
  ): Promise<void> {
    const transaction = await producer.transaction();
    try {
      for (const topicMessages of produceRequests(outputs)) {
        await transaction.sendBatch({ topicMessages, acks: -1 });
      }
      await transaction.sendOffsets({
        consumerGroupId: this.config.VALIDATOR_GROUP_ID,
        topics: [
          { topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset }] },
        ],
      });
      await transaction.commit();
    } catch (error) {
      this.metrics.transactions.inc({ outcome: 'aborted' });
      await transaction.abort().catch(() => undefined);
      // The state already moved past events whose outputs were not committed.
      slot.dirty = true;
      this.logger.warn(
        `The transaction for ${batch.topic}/${batch.partition} offsets ${batch.firstOffset()}-${batch.lastOffset()} failed and will be retried from a rebuilt state: ${describe(error)}`,
      );
      throw error;
    }
    resolveOffset(batch.lastOffset());
    this.metrics.transactions.inc({ outcome: 'committed' });
  }

  /**
   * At least once: the outputs are acknowledged (acks=all) before the offset is committed. A
   * crash in between repeats the batch; the rebuilt state drops its events as duplicates, but
   * its dead letters and alerts are written again.
   */
  private async commitAfterSending(
    slot: PartitionSlot,
    producer: Producer,
    { batch, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload,
    outputs: readonly TopicMessages[],
    nextOffset: string,
  ): Promise<void> {
    try {
      for (const topicMessages of produceRequests(outputs)) {
        await producer.sendBatch({ topicMessages, acks: -1 });
      }
    } catch (error) {
      slot.dirty = true;
      throw error;
    }
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary({
      topics: [
        { topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset }] },
      ],
    });
  }

  /**
   * Fences the previous owners of the slots' partitions and rebuilds their state from the
   * tail of the valid topic. When the raw and valid topics have the same partition count,
   * valid partition p holds exactly raw partition p's events; otherwise every valid partition
   * is read and events are routed by their key.
   */
  private async rebuild(slots: readonly PartitionSlot[]): Promise<void> {
    if (slots.length === 0) return;
    const started = performance.now();
    const rawTopic = this.config.VALIDATOR_RAW_TOPIC;
    for (const slot of slots) {
      await this.closeProducer(slot);
      slot.producer = await this.partitionProducer(rawTopic, slot.partition);
      slot.validator = new PartitionValidator(this.settings);
    }
    const { raw, valid } = await this.partitionCounts();
    const aligned = raw === valid;
    const bySlot = new Map(slots.map((slot) => [slot.partition, slot]));
    const validTopic = this.topics.valid;
    const ranges = await tailRanges(
      this.kafka.client,
      validTopic,
      aligned ? [...bySlot.keys()] : Array.from({ length: valid }, (_, partition) => partition),
      this.config.VALIDATOR_RESTORE_TAIL,
    );
    const replayed = await readTopicRanges(
      this.kafka.client,
      validTopic,
      ranges,
      (partition, message) => {
        const rawPartition = aligned
          ? partition
          : message.key === null
            ? -1
            : partitionOfKey(message.key, raw);
        bySlot.get(rawPartition)?.validator.validate(rawEventOf(validTopic, partition, message));
      },
      {
        groupIdPrefix: `${this.config.VALIDATOR_GROUP_ID}.restore`,
        timeoutMs: this.config.VALIDATOR_RESTORE_TIMEOUT,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    this.metrics.restoreDuration.observe(seconds);
    this.metrics.restoredEvents.inc(replayed);
    this.logger.log(
      `Took over ${rawTopic} partitions ${[...bySlot.keys()].join(', ')}: fenced the previous owners and replayed ${replayed} valid events in ${seconds.toFixed(2)} s.`,
    );
  }

  /**
   * Exactly once: a transactional producer whose first transaction fences any earlier owner of
   * the partition's id. Otherwise a plain idempotent producer.
   */
  private async partitionProducer(rawTopic: string, partition: number): Promise<Producer> {
    if (!this.config.VALIDATOR_EXACTLY_ONCE) {
      const producer = createProducer(this.kafka.client);
      await producer.connect();
      return producer;
    }
    const prefix = this.config.VALIDATOR_TRANSACTIONAL_ID_PREFIX ?? this.config.VALIDATOR_GROUP_ID;
    const producer = createProducer(this.kafka.client, {
      transactionalId: `${prefix}-${rawTopic}-${partition}`,
      transactionTimeout: this.config.VALIDATOR_TRANSACTION_TIMEOUT,
      idempotent: true,
      maxInFlightRequests: 1,
      // Right after a commit the coordinator is still writing the markers and answers the next
      // transaction's first request with CONCURRENT_TRANSACTIONS for a few milliseconds; the
      // service-wide back-off (300 ms by default) would add that much to every batch.
      retry: {
        initialRetryTime: TRANSACTION_RETRY_INITIAL_MS,
        maxRetryTime: this.config.KAFKA_RETRY_MAX,
      },
    });
    await producer.connect();
    // InitProducerId bumps the epoch: the old owner's producer is fenced and its open
    // transaction aborted, so the last stable offset of the valid topic is final.
    const fence = await producer.transaction();
    await fence.abort();
    return producer;
  }

  private async partitionCounts(): Promise<{ raw: number; valid: number }> {
    const admin = this.kafka.client.admin();
    await admin.connect();
    try {
      const rawTopic = this.config.VALIDATOR_RAW_TOPIC;
      const { topics } = await admin.fetchTopicMetadata({ topics: [rawTopic, this.topics.valid] });
      const count = (name: string) =>
        topics.find((topic) => topic.name === name)?.partitions.length ?? 0;
      return { raw: count(rawTopic), valid: count(this.topics.valid) };
    } finally {
      await admin.disconnect();
    }
  }

  private async closeProducer(slot: PartitionSlot): Promise<void> {
    const producer = slot.producer;
    slot.producer = undefined;
    await producer?.disconnect().catch((error: unknown) => {
      this.logger.warn(`A partition producer did not disconnect cleanly: ${describe(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const slots = [...this.slots.values()];
    await this.retiring;
    await Promise.all(slots.map((slot) => slot.busy));
    await Promise.all(slots.map((slot) => this.closeProducer(slot)));
  }
}

function rawEventOf(topic: string, partition: number, message: KafkaMessage): RawEvent {
  const timestamp = /^[0-9]{1,16}$/.test(message.timestamp) ? message.timestamp : undefined;
  const headers = textHeaders(message.headers);
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(headers === undefined ? {} : { headers }),
  };
}

/** Record headers as UTF-8 text (the first value of a repeated header), for dead letters. */
function textHeaders(headers: IHeaders | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const entries = Object.entries(headers).flatMap(([name, value]) => {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) return [];
    return [[name, Buffer.isBuffer(first) ? first.toString('utf8') : String(first)] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Waits for `promise`, heartbeating meanwhile so the group does not evict this member. */
async function whileHeartbeating(
  promise: Promise<void>,
  heartbeat: () => Promise<void>,
): Promise<void> {
  let settled = false;
  const done = promise.finally(() => {
    settled = true;
  });
  while (!settled) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise((resolve) => {
      timer = setTimeout(resolve, HEARTBEAT_WHILE_WAITING_MS);
    });
    await Promise.race([done, tick]).finally(() => clearTimeout(timer));
    if (!settled) await heartbeat();
  }
  await done;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
