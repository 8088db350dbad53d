import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  ConfigService,
  DRAIN_ORDER,
  DrainService,
  KafkaService,
  MetricsService,
} from '@tickline/service-kit';
import type { Producer } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { MarketStateStore } from '../market-state/market-state.store';
import { CacheFeedService } from './cache-feed.service';

/** Messages per produce request: a full book can be a few hundred kilobytes. */
const CHUNK = 100;

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
    for (let i = 0; i < snapshots.length; i += CHUNK) {
      const chunk = snapshots.slice(i, i + CHUNK);
      try {
        await this.producer.send({
          topic: this.topic,
          messages: chunk.map((snapshot) => ({
            key: `${snapshot.venue}:${snapshot.symbol}`,
            value: JSON.stringify(snapshot),
            headers: { 'content-type': 'application/json', 'schema-version': String(snapshot.v) },
          })),
        });
        written += chunk.length;
        this.published.inc(chunk.length);
      } catch (error) {
        const rest = snapshots.slice(i).map((snapshot) => `${snapshot.venue}:${snapshot.symbol}`);
        this.store.markUnpublished(rest);
        this.logger.error(
          `Could not publish ${rest.length} market snapshots to ${this.topic}; retrying next round: ${error instanceof Error ? error.message : String(error)}`,
        );
        break;
      }
    }
    return written;
  }
}
