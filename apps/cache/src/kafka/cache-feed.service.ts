import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { safeParseEnvelope, safeParseMarketSnapshot } from '@tickline/domain';
import {
  ConfigService,
  DRAIN_ORDER,
  DrainService,
  KafkaService,
  MetricsService,
  ProbeRegistry,
} from '@tickline/service-kit';
import type { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { MarketStateStore } from '../market-state/market-state.store';
import { type CacheGroupIds, cacheGroupIds } from './consumer-group.util';
import { retryUntilDone } from './retry-until-done.util';
import { type PartitionRange, reached, startOffsets } from './topic-offsets.util';

const START_RETRY_INITIAL_MS = 1_000;
const START_RETRY_MAX_MS = 30_000;

export type FeedPhase = 'starting' | 'loading_snapshots' | 'catching_up' | 'live' | 'failed';

export interface FeedStatus {
  phase: FeedPhase;
  groupId: string;
  snapshotsLoaded: number;
  snapshotLoadMs: number | null;
  catchUpMs: number | null;
  error: string | null;
}

/**
 * Warm start and tail: load the snapshot topic up to its end at start, then read every
 * partition of the valid topic from the snapshots' offsets on. Readiness (`cache`) turns up once
 * the tail has reached the end offsets the valid topic had when the tail started.
 */
@Injectable()
export class CacheFeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CacheFeedService.name);
  private readonly groups: CacheGroupIds;
  private readonly validTopic: string;
  private readonly snapshotTopic: string;
  private catchUpTargets = new Map<number, number>();
  private startedAtMs = Date.now();
  private tailStartedAtMs = 0;
  private readonly status: FeedStatus;
  private readonly eventsCounter;
  private readonly warmStartGauge;
  private readonly marketsGauge;
  private admin: Admin | undefined;
  /** Consumers of the start in progress, disconnected if it fails. */
  private startClients: Consumer[] = [];
  private stopping = false;

  constructor(
    config: ConfigService<AppConfig>,
    private readonly kafka: KafkaService,
    private readonly store: MarketStateStore,
    private readonly drain: DrainService,
    probes: ProbeRegistry,
    metrics: MetricsService,
  ) {
    this.validTopic = config.get('CACHE_VALID_TOPIC');
    this.snapshotTopic = config.get('CACHE_SNAPSHOT_TOPIC');
    this.groups = cacheGroupIds(config.get('CACHE_GROUP_PREFIX'), config.get('CACHE_INSTANCE_ID'));
    this.status = {
      phase: 'starting',
      groupId: this.groups.valid,
      snapshotsLoaded: 0,
      snapshotLoadMs: null,
      catchUpMs: null,
      error: null,
    };
    probes.register({ name: 'cache', check: () => this.checkReady() });
    this.eventsCounter = metrics.counter({
      name: 'events_total',
      help: 'Valid-topic events read, by outcome (applied, covered by a snapshot, invalid, failed).',
      labelNames: ['outcome'],
    });
    this.warmStartGauge = metrics.gauge({
      name: 'warm_start_seconds',
      help: 'Duration of the last warm start, by phase (snapshots, catch_up).',
      labelNames: ['phase'],
    });
    this.marketsGauge = metrics.gauge({ name: 'markets', help: 'Markets held in memory.' });
  }

  feedStatus(): FeedStatus {
    return { ...this.status };
  }

  /** Runs in the background so /healthz answers during a long warm start. */
  onApplicationBootstrap(): void {
    this.startedAtMs = Date.now();
    // Groups are per start: remove them when the process leaves (after the consumers stopped).
    this.drain.register('cache consumer groups', () => this.deleteGroups(), {
      order: DRAIN_ORDER.release,
    });
    this.drain.register('cache feed retries', () => void (this.stopping = true), {
      order: DRAIN_ORDER.stopIntake,
    });
    void this.startWithRetry();
  }

  /**
   * A failed start (Kafka unreachable, a partition without a serving leader yet) is retried with
   * back-off rather than leaving the cache unready for good; readiness reports the last error.
   */
  private async startWithRetry(): Promise<void> {
    const started = await retryUntilDone(() => this.start(), {
      initialDelayMs: START_RETRY_INITIAL_MS,
      maxDelayMs: START_RETRY_MAX_MS,
      stopped: () => this.stopping,
      onFailure: async (error, attempt, delayMs) => {
        this.status.phase = 'failed';
        this.status.error = error instanceof Error ? error.message : String(error);
        this.logger.error(
          `Cache feed failed to start (attempt ${attempt}): ${this.status.error}; retrying in ${delayMs} ms.`,
        );
        await this.releaseStart();
      },
    });
    if (started) this.status.error = null;
  }

  /** Disconnects what a failed start left connected. */
  private async releaseStart(): Promise<void> {
    const clients = [...this.startClients, this.admin];
    this.startClients = [];
    this.admin = undefined;
    for (const client of clients) await client?.disconnect().catch(() => undefined);
  }

  private async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();

    this.status.phase = 'loading_snapshots';
    const loadStarted = Date.now();
    this.status.snapshotsLoaded = await this.loadSnapshots(this.admin);
    this.status.snapshotLoadMs = Date.now() - loadStarted;
    this.warmStartGauge.set({ phase: 'snapshots' }, this.status.snapshotLoadMs / 1_000);
    this.logger.log(
      `Loaded ${this.status.snapshotsLoaded} snapshot records (${this.store.size} markets) from ${this.snapshotTopic} in ${this.status.snapshotLoadMs} ms.`,
    );

    this.status.phase = 'catching_up';
    const ranges = await partitionRanges(this.admin, this.validTopic);
    const { start, clamped } = startOffsets(ranges, this.store.resumeOffsets());
    if (clamped.length > 0) {
      this.logger.warn(
        `Snapshot offsets of ${this.validTopic} partitions ${clamped.join(', ')} are older than the topic's retention; resuming at the oldest kept offset, so those markets may miss events.`,
      );
    }
    this.store.setPositions(start);
    this.catchUpTargets = new Map([...ranges].map(([partition, range]) => [partition, range.high]));
    await this.admin.setOffsets({
      groupId: this.groups.valid,
      topic: this.validTopic,
      partitions: [...start].map(([partition, offset]) => ({ partition, offset: String(offset) })),
    });
    this.tailStartedAtMs = Date.now();
    const consumer = this.kafka.consumer({ groupId: this.groups.valid });
    this.startClients.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: this.validTopic, fromBeginning: true });
    // A transactional producer (the validator) leaves commit markers after its events: they take
    // offsets but reach no handler. kafkajs reports every batch's last offset here, markers
    // included, so positions (and the catch-up check) move past them.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic !== this.validTopic) return;
      this.store.skip({ partition: payload.partition, offset: Number(payload.lastOffset) });
      this.checkCaughtUp();
    });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
    this.logger.log(
      `Tailing ${this.validTopic} as group ${this.groups.valid} from ${describeOffsets(start)}.`,
    );
    this.startClients = [];
    this.checkCaughtUp();
  }

  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    const partition = batch.partition;
    for (const message of batch.messages) {
      this.applyMessage(partition, message);
    }
    this.marketsGauge.set(this.store.size);
    this.checkCaughtUp();
  }

  private applyMessage(partition: number, message: KafkaMessage): void {
    const offset = Number(message.offset);
    const position = { partition, offset };
    const parsed = message.value === null ? undefined : safeParseEnvelope(safeJson(message.value));
    if (parsed === undefined || !parsed.success) {
      // The validator only publishes valid envelopes; anything else is counted and skipped.
      this.eventsCounter.inc({ outcome: 'invalid' });
      this.store.skip(position);
      this.logger.warn(
        `Skipped ${this.validTopic}/${partition}@${offset}: ${parsed === undefined ? 'no value' : parsed.error.message}`,
      );
      return;
    }
    try {
      this.eventsCounter.inc({ outcome: this.store.apply(parsed.data, position) });
    } catch (error) {
      this.eventsCounter.inc({ outcome: 'failed' });
      this.store.skip(position);
      this.logger.warn(
        `Could not apply ${this.validTopic}/${partition}@${offset} (${parsed.data.venue}:${parsed.data.symbol}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private checkCaughtUp(): void {
    if (this.status.phase !== 'catching_up') return;
    if (!reached(this.store.currentPositions(), this.catchUpTargets)) return;
    this.status.phase = 'live';
    this.status.catchUpMs = Date.now() - this.tailStartedAtMs;
    this.warmStartGauge.set({ phase: 'catch_up' }, this.status.catchUpMs / 1_000);
    this.logger.log(
      `Caught up with ${this.validTopic} in ${this.status.catchUpMs} ms (${Date.now() - this.startedAtMs} ms since start, ${this.store.size} markets).`,
    );
  }

  private async loadSnapshots(admin: Admin): Promise<number> {
    const ranges = await partitionRanges(admin, this.snapshotTopic);
    const pending = new Map<number, number>();
    for (const [partition, range] of ranges) {
      if (range.high > range.low) pending.set(partition, range.high);
    }
    if (pending.size === 0) return 0;

    let records = 0;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const consumer: Consumer = this.kafka.consumer({ groupId: this.groups.snapshots });
    this.startClients.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: this.snapshotTopic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          records += 1;
          this.restoreMessage(batch.partition, message);
          const end = pending.get(batch.partition);
          if (end !== undefined && Number(message.offset) + 1 >= end) {
            pending.delete(batch.partition);
          }
        }
        if (pending.size === 0) finish();
      },
    });
    await finished;
    await consumer.disconnect();
    return records;
  }

  private restoreMessage(partition: number, message: KafkaMessage): void {
    const key = message.key?.toString('utf8');
    if (message.value === null) {
      if (key !== undefined) this.store.forget(key);
      return;
    }
    const parsed = safeParseMarketSnapshot(safeJson(message.value));
    if (!parsed.success) {
      this.logger.warn(
        `Skipped snapshot ${this.snapshotTopic}/${partition}@${message.offset}: ${parsed.error.message}`,
      );
      return;
    }
    this.store.restore(parsed.data);
  }

  private checkReady(): Promise<void> {
    switch (this.status.phase) {
      case 'live':
        return Promise.resolve();
      case 'failed':
        return Promise.reject(new Error(`cache feed failed: ${this.status.error ?? 'unknown'}`));
      default:
        return Promise.reject(new Error(`cache is warming up (${this.status.phase})`));
    }
  }

  private async deleteGroups(): Promise<void> {
    if (this.admin === undefined) return;
    try {
      await this.admin.deleteGroups([this.groups.valid, this.groups.snapshots]);
    } catch {
      // A group that never formed (nothing to load) cannot be deleted; nothing is left behind.
    }
  }
}

async function partitionRanges(admin: Admin, topic: string): Promise<Map<number, PartitionRange>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(
    offsets.map((item) => [item.partition, { low: Number(item.low), high: Number(item.high) }]),
  );
}

function describeOffsets(offsets: ReadonlyMap<number, number>): string {
  return [...offsets].map(([partition, offset]) => `${partition}@${offset}`).join(', ');
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
