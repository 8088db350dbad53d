import type { DataType, Venue } from '@tickline/domain';
import type { MetricsService } from '@tickline/service-kit';
import type { ResyncReason } from '@tickline/venues';

import type { IngestMetrics } from './ingest-metrics.interface';

/** The ingest counters as Prometheus metrics, `ingestor_*`; labels are bounded (venue, type, reason). */
export class PrometheusIngestMetrics implements IngestMetrics {
  private readonly frames;
  private readonly bytes;
  private readonly messages;
  private readonly lag;
  private readonly ignoredFrames;
  private readonly badFrames;
  private readonly gaps;
  private readonly missingIds;
  private readonly resyncs;
  private readonly reconnects;
  private readonly drops;
  private readonly snapshots;
  private readonly openConnections;
  readonly alerts;
  readonly published;
  readonly publishedBytes;
  readonly buffered;

  constructor(metrics: MetricsService) {
    this.frames = metrics.counter({
      name: 'frames_total',
      help: 'WebSocket frames received.',
      labelNames: ['venue'],
    });
    this.bytes = metrics.counter({
      name: 'received_bytes_total',
      help: 'Frame bytes received.',
      labelNames: ['venue'],
    });
    this.messages = metrics.counter({
      name: 'messages_total',
      help: 'Envelopes mapped from venue frames.',
      labelNames: ['venue', 'type'],
    });
    this.lag = metrics.histogram({
      name: 'lag_seconds',
      help: 'Receive time minus exchange time of each envelope.',
      labelNames: ['venue'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.ignoredFrames = metrics.counter({
      name: 'frames_ignored_total',
      help: 'Frames that map to no envelope, by reason.',
      labelNames: ['venue', 'reason'],
    });
    this.badFrames = metrics.counter({
      name: 'frames_bad_total',
      help: 'Frames that failed mapping, by reason.',
      labelNames: ['venue', 'reason'],
    });
    this.gaps = metrics.counter({
      name: 'gaps_total',
      help: 'Sequence gaps detected.',
      labelNames: ['venue'],
    });
    this.missingIds = metrics.counter({
      name: 'gap_missing_ids_total',
      help: 'Update ids missing in detected gaps.',
      labelNames: ['venue'],
    });
    this.resyncs = metrics.counter({
      name: 'resyncs_total',
      help: 'Book resyncs, by reason.',
      labelNames: ['venue', 'reason'],
    });
    this.reconnects = metrics.counter({
      name: 'reconnects_total',
      help: 'Connections lost and scheduled for reconnect.',
      labelNames: ['venue'],
    });
    this.drops = metrics.counter({
      name: 'drops_total',
      help: 'Envelopes or diffs dropped, by reason.',
      labelNames: ['venue', 'reason'],
    });
    this.snapshots = metrics.counter({
      name: 'snapshots_total',
      help: 'Book snapshots: from the venue or written periodically.',
      labelNames: ['venue', 'source'],
    });
    this.openConnections = metrics.gauge({
      name: 'connections_open',
      help: 'Open venue connections.',
      labelNames: ['venue'],
    });
    this.alerts = metrics.counter({
      name: 'alerts_total',
      help: 'Alerts raised, by kind.',
      labelNames: ['kind'],
    });
    this.published = metrics.counter({
      name: 'kafka_messages_total',
      help: 'Envelopes acknowledged by Kafka.',
    });
    this.publishedBytes = metrics.counter({
      name: 'kafka_bytes_total',
      help: 'Envelope bytes acknowledged by Kafka (before compression).',
    });
    this.buffered = metrics.gauge({
      name: 'kafka_buffered_messages',
      help: 'Envelopes waiting for Kafka.',
    });
  }

  frame(venue: Venue, bytes: number): void {
    this.frames.inc({ venue });
    this.bytes.inc({ venue }, bytes);
  }

  message(venue: Venue, type: DataType, lagUs: number): void {
    this.messages.inc({ venue, type });
    this.lag.observe({ venue }, lagUs / 1e6);
  }

  ignored(venue: Venue, reason: string): void {
    this.ignoredFrames.inc({ venue, reason });
  }

  frameError(venue: Venue, reason: string): void {
    this.badFrames.inc({ venue, reason });
  }

  reconnect(venue: Venue): void {
    this.reconnects.inc({ venue });
  }

  connectionState(venue: Venue, open: number): void {
    this.openConnections.set({ venue }, open);
  }

  gap(venue: Venue, missing: number): void {
    this.gaps.inc({ venue });
    this.missingIds.inc({ venue }, missing);
  }

  resync(venue: Venue, reason: ResyncReason): void {
    this.resyncs.inc({ venue, reason });
  }

  drop(venue: Venue, reason: string): void {
    this.drops.inc({ venue, reason });
  }

  snapshot(venue: Venue, source: 'venue' | 'periodic'): void {
    this.snapshots.inc({ venue, source });
  }
}
