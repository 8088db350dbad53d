import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { nowMicros, topicSpec, TOPICS, type Envelope, type Venue } from '@tickline/domain';
import { LakeWriter, MinuteBatcher } from '@tickline/lake';
import {
  ConfigService,
  createS3Client,
  ensureBucket,
  s3ClientOptions,
  DRAIN_ORDER,
  DrainService,
  KafkaService,
  MetricsService,
} from '@tickline/service-kit';
import type { Producer } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import {
  readSubscriptionsDocument,
  resolveSubscriptions,
  type VenueSetup,
} from '../config/load-subscriptions.util';
import { LakeRecorder } from '../lake/lake-recorder';
import { prometheusLakeMetrics } from '../lake/prometheus-lake.metrics';
import { BurstLimiter } from '../market/burst-limiter.model';
import type { EnvelopeSink } from '../market/ingest-sinks.interface';
import { AlertPublisher } from '../publish/alert-publisher';
import { EnvelopePublisher } from '../publish/envelope-publisher';
import { PrometheusIngestMetrics } from './prometheus-ingest.metrics';
import { VenueIngest } from './venue-ingest';

/**
 * The ingestor: reads the subscription document, runs one VenueIngest per venue, and
 * publishes to Kafka. Shutdown drains in order: stop reading from the venues (stopIntake),
 * then flush the envelope buffer and the alerts (flush); producers close afterwards.
 */
@Injectable()
export class IngestorService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(IngestorService.name);
  private readonly setups: VenueSetup[];
  private readonly metrics: PrometheusIngestMetrics;
  private readonly dataProducer: Producer;
  private readonly alertProducer: Producer;
  private readonly envelopes: EnvelopePublisher;
  private readonly alerts: AlertPublisher;
  private readonly dropBurst: BurstLimiter;
  private readonly lake: LakeRecorder | undefined;
  private readonly s3: ReturnType<typeof createS3Client> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private pressureTimer: NodeJS.Timeout | undefined;
  private kafkaPressure = false;
  private lakePressure = false;
  private paused = false;
  readonly venues: VenueIngest[] = [];

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly kafka: KafkaService,
    metrics: MetricsService,
    drain: DrainService,
  ) {
    // Subscription errors stop the boot, like any configuration error.
    this.setups = resolveSubscriptions(
      readSubscriptionsDocument({
        file: config.get('INGESTOR_SUBSCRIPTIONS_FILE'),
        inline: config.get('INGESTOR_SUBSCRIPTIONS'),
      }),
    );
    this.metrics = new PrometheusIngestMetrics(metrics);
    this.dataProducer = kafka.producer();
    this.alertProducer = kafka.producer();
    this.dropBurst = new BurstLimiter(config.get('INGESTOR_ALERT_BURST_WINDOW'));
    this.alerts = new AlertPublisher(
      this.alertProducer,
      {
        topic: config.get('INGESTOR_ALERT_TOPIC'),
        service: config.get('SERVICE_NAME'),
        instance: config.get('INGESTOR_ID'),
        system: config.get('INGESTOR_SYSTEM'),
      },
      (kind) => this.metrics.alerts.inc({ kind }),
    );
    this.envelopes = new EnvelopePublisher(
      this.dataProducer,
      {
        topic: config.get('INGESTOR_RAW_TOPIC'),
        compression: config.get('INGESTOR_KAFKA_COMPRESSION'),
        batchSize: config.get('INGESTOR_KAFKA_BATCH_SIZE'),
        lingerMs: config.get('INGESTOR_KAFKA_LINGER'),
        maxBuffered: config.get('INGESTOR_BUFFER_MAX'),
      },
      {
        onPressure: (high) => this.pressure(high),
        onDrop: (envelope, buffered) => this.dropped(envelope.venue, envelope.symbol, buffered),
        onSent: (messages, bytes) => {
          this.metrics.published.inc(messages);
          this.metrics.publishedBytes.inc(bytes);
          this.metrics.buffered.set(this.envelopes.buffered);
        },
      },
    );
    const bucket = config.get('INGESTOR_LAKE_BUCKET');
    if (bucket) {
      const lakeMetrics = prometheusLakeMetrics(metrics);
      this.s3 = createS3Client(s3ClientOptions(config.all()));
      this.lake = new LakeRecorder(
        new MinuteBatcher({ graceUs: config.get('INGESTOR_LAKE_GRACE') * 1000 }),
        new LakeWriter({
          client: this.s3,
          bucket,
          ingesterId: config.get('INGESTOR_ID'),
          metrics: lakeMetrics.writer,
        }),
        this.alerts,
        lakeMetrics.recorder,
      );
    }
    drain.register('venue connections', () => this.stopReading(), {
      order: DRAIN_ORDER.stopIntake,
    });
    drain.register('kafka envelopes, lake windows and alerts', () => this.flush(), {
      order: DRAIN_ORDER.flush,
    });
  }

  async onModuleInit(): Promise<void> {
    const raw = topicSpec(TOPICS.rawEvents);
    const alerts = topicSpec(TOPICS.alerts);
    await this.kafka.ensureTopics([
      { ...raw, name: this.config.get('INGESTOR_RAW_TOPIC') },
      { ...alerts, name: this.config.get('INGESTOR_ALERT_TOPIC') },
    ]);
    await this.dataProducer.connect();
    await this.alertProducer.connect();
    const bucket = this.config.get('INGESTOR_LAKE_BUCKET');
    if (this.s3 && bucket && (await ensureBucket(this.s3, bucket))) {
      this.logger.log(`Created lake bucket ${bucket}.`);
    }
  }

  onApplicationBootstrap(): void {
    const lake = this.lake;
    const sink: EnvelopeSink = lake
      ? {
          publish: (envelope: Envelope) => {
            this.envelopes.publish(envelope);
            lake.publish(envelope);
            if (lake.underPressure !== this.lakePressure) this.checkLakePressure();
          },
        }
      : this.envelopes;
    if (lake) {
      // Writes free the batcher in the background; notice it even while reads are paused.
      this.pressureTimer = setInterval(() => this.checkLakePressure(), 1_000);
      this.pressureTimer.unref();
    }
    const idleAfter = this.config.get('INGESTOR_LAKE_IDLE_CLOSE_AFTER');
    if (lake && idleAfter > 0) {
      this.idleTimer = setInterval(() => lake.advanceAll(nowMicros() - idleAfter * 1000), 5_000);
      this.idleTimer.unref();
    }
    const context = {
      system: this.config.get('INGESTOR_SYSTEM'),
      ingesterId: this.config.get('INGESTOR_ID'),
    };
    for (const setup of this.setups) {
      const ingest = new VenueIngest(setup, {
        context,
        sink,
        alerts: this.alerts,
        ...(lake ? { lake } : {}),
        metrics: this.metrics,
        backoff: {
          initialMs: this.config.get('INGESTOR_RECONNECT_INITIAL'),
          maxMs: this.config.get('INGESTOR_RECONNECT_MAX'),
        },
        snapshotIntervalMs: this.config.get('INGESTOR_SNAPSHOT_INTERVAL'),
        alertBurstWindowMs: this.config.get('INGESTOR_ALERT_BURST_WINDOW'),
      });
      this.venues.push(ingest);
      ingest.start();
      this.logger.log(
        `Ingesting ${setup.venue}: ${ingest.markets.size} markets, ${setup.subscriptions.length} subscriptions over ${setup.connections.length} connections.`,
      );
    }
  }

  venue(venue: Venue): VenueIngest | undefined {
    return this.venues.find((ingest) => ingest.venue === venue);
  }

  private async stopReading(): Promise<void> {
    await Promise.all(this.venues.map((ingest) => ingest.stop()));
    this.logger.log('Stopped reading from the venues.');
  }

  private async flush(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    if (this.pressureTimer) clearInterval(this.pressureTimer);
    // Kafka first: it is the low-latency path; lake windows still open are closed as partial.
    await this.envelopes.close();
    await this.lake?.flush();
    await this.alerts.flush();
    this.s3?.destroy();
    this.metrics.buffered.set(this.envelopes.buffered);
    this.logger.log('Flushed envelopes and alerts to Kafka and open windows to the lake.');
  }

  private pressure(high: boolean): void {
    this.kafkaPressure = high;
    this.applyPause();
  }

  private checkLakePressure(): void {
    const high = this.lake?.underPressure ?? false;
    if (high === this.lakePressure) return;
    this.lakePressure = high;
    this.applyPause();
  }

  /** Reads pause while either the Kafka buffer or the lake batcher is above its high-water mark. */
  private applyPause(): void {
    const pause = this.kafkaPressure || this.lakePressure;
    if (pause === this.paused) return;
    this.paused = pause;
    for (const ingest of this.venues) {
      if (pause) ingest.pause();
      else ingest.resume();
    }
    this.logger.warn(
      pause
        ? `Pausing venue reads (kafka buffer high: ${this.kafkaPressure}, lake batcher high: ${this.lakePressure}).`
        : 'Resuming venue reads.',
    );
  }

  private dropped(venue: Venue, symbol: string, buffered: number): void {
    this.metrics.drop(venue, 'kafka_buffer_full');
    const suppressed = this.dropBurst.admit(`kafka:${venue}`, Date.now());
    if (suppressed === undefined) return;
    this.alerts.alert({
      venue,
      kind: 'drop',
      severity: 'critical',
      message: `Dropped ${suppressed + 1} ${venue} envelopes (last ${symbol}): the Kafka buffer is full at ${buffered}.`,
      detail: { reason: 'kafka_buffer_full', count: suppressed + 1 },
    });
  }
}
