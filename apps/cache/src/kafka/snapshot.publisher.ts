import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  ConfigService,
  DRAIN_ORDER,
  DrainService,
  KafkaService,
  MetricsService,
} from '@tickline/service-kit';
import type { Message, Producer } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { MarketStateStore } from '../market-state/market-state.store';
import { CacheFeedService } from './cache-feed.service';

/**
 * Bytes of snapshots per produce request: a full book can be a few hundred kilobytes, and the
 * broker rejects record batches above its message.max.bytes (1 MiB by default).
 */
const CHUNK_BYTES = 256 * 1024;

/**
 * Publishes the snapshot of every market changed since the last round to the compacted
 * snapshot topic (key `venue:symbol`), each stamped with the valid-topic offsets it reflects;
 * once more while draining, after the consumer stopped, so a restart has little to tail.
 */
@Injectable()
export class SnapshotPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SnapshotPublisher.name);
  private readonly producer: Producer;
  private readonly topic: string;
  private readonly intervalMs: number;
  private readonly enabled: boolean;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private connected = false;
  private readonly published;

  constructor(
    config: ConfigService<AppConfig>,
    kafka: KafkaService,
    drain: DrainService,
    metrics: MetricsService,
    private readonly store: MarketStateStore,
    private readonly feed: CacheFeedService,
  ) {
    this.topic = config.get('CACHE_SNAPSHOT_TOPIC');
    this.intervalMs = config.get('CACHE_SNAPSHOT_INTERVAL');
    this.enabled = config.get('CACHE_SNAPSHOT_PUBLISH');
    this.producer = kafka.producer();
    this.published = metrics.counter({
      name: 'snapshots_published_total',
      help: 'Market snapshots written to the snapshot topic.',
    });
    drain.register('cache final snapshots', () => this.finalRound(), { order: DRAIN_ORDER.flush });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await this.producer.connect();
    this.connected = true;
    this.timer = setInterval(() => void this.publishChanged(), this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One round; returns how many snapshots it wrote. Rounds never overlap. */
  publishChanged(): Promise<number> {
    // Before the warm start finished, the state is partial and its offsets not yet meaningful.
    if (!this.connected || this.feed.feedStatus().phase !== 'live') return Promise.resolve(0);
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async finalRound(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    const count = await this.publishChanged();
    if (count > 0) this.logger.log(`Published ${count} final market snapshots.`);
  }

  private async round(): Promise<number> {
    const snapshots = this.store.takeChangedSnapshots();
    let written = 0;
    while (written < snapshots.length) {
      // One produce request: whole snapshots until CHUNK_BYTES is reached (at least one).
      const messages: Message[] = [];
      let bytes = 0;
      for (let i = written; i < snapshots.length && bytes < CHUNK_BYTES; i++) {
        const snapshot = snapshots[i] as (typeof snapshots)[number];
        const value = JSON.stringify(snapshot);
        bytes += value.length;
        messages.push({
          key: `${snapshot.venue}:${snapshot.symbol}`,
          value,
          headers: { 'content-type': 'application/json', 'schema-version': String(snapshot.v) },
        });
      }
      try {
        await this.producer.send({ topic: this.topic, messages });
      } catch (error) {
        const rest = snapshots
          .slice(written)
          .map((snapshot) => `${snapshot.venue}:${snapshot.symbol}`);
        this.store.markUnpublished(rest);
        this.logger.error(
          `Could not publish ${rest.length} market snapshots to ${this.topic}; retrying next round: ${error instanceof Error ? error.message : String(error)}`,
        );
        break;
      }
      written += messages.length;
      this.published.inc(messages.length);
    }
    return written;
  }
}
