import { Injectable } from '@nestjs/common';
import { MetricsService } from '@tickline/service-kit';

const LATENCY_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300, 1800, 3600];

/** The exporter's Prometheus metrics (prefixed `exporter_`). */
@Injectable()
export class ExportMetrics {
  /** Export runs that ended, by outcome (succeeded, failed). */
  readonly finished;
  /** Failed attempts that were scheduled for a retry. */
  readonly retries;
  /** Export runs created, by trigger (event, reconcile). */
  readonly runsCreated;
  /** One attempt: claim to the export job's completion. */
  readonly duration;
  /** Revision publication (its CreatedAt) to the objects being in the bucket. */
  readonly publishToObject;
  /** Exchange events read, by outcome. */
  readonly events;
  /** Reconciliation passes, by outcome. */
  readonly reconciliations;

  constructor(metrics: MetricsService) {
    this.finished = metrics.counter({
      name: 'exports_finished_total',
      help: 'Export runs that ended, by outcome (succeeded, failed).',
      labelNames: ['outcome'],
    });
    this.retries = metrics.counter({
      name: 'export_retries_total',
      help: 'Failed export attempts scheduled for another attempt.',
    });
    this.runsCreated = metrics.counter({
      name: 'export_runs_created_total',
      help: 'Export runs created, by trigger (event, reconcile).',
      labelNames: ['trigger'],
    });
    this.duration = metrics.histogram({
      name: 'export_duration_seconds',
      help: 'One export attempt, from claiming the run to the export job completing.',
      buckets: LATENCY_BUCKETS,
    });
    this.publishToObject = metrics.histogram({
      name: 'export_publish_to_object_seconds',
      help: 'From the revision being published (its CreatedAt) to its objects being in the destination bucket.',
      buckets: LATENCY_BUCKETS,
    });
    this.events = metrics.counter({
      name: 'exchange_events_total',
      help: 'Exchange events read from the events topic, by outcome (matched, ignored, invalid).',
      labelNames: ['outcome'],
    });
    this.reconciliations = metrics.counter({
      name: 'reconciliations_total',
      help: 'Reconciliation passes, by outcome (ok, failed).',
      labelNames: ['outcome'],
    });
  }
}
