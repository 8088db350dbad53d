import { Injectable } from '@nestjs/common';
import { MetricsService } from '@tickline/service-kit';

import type { ValidationResult } from '../validation/validation-result.type';

/**
 * The validator's Prometheus metrics (`validator_*` with the default SERVICE_NAME). Labels are
 * bounded sets: venue, data type, rule, alert kind and severity, partition.
 */
@Injectable()
export class ValidatorMetrics {
  readonly accepted;
  readonly dropped;
  readonly rejected;
  readonly alerts;
  readonly lag;
  readonly batchDuration;
  readonly transactions;
  readonly restoreDuration;
  readonly restoredEvents;
  readonly markets;

  constructor(metrics: MetricsService) {
    this.accepted = metrics.counter({
      name: 'events_accepted_total',
      help: 'Events published to the valid topic.',
      labelNames: ['venue', 'type'],
    });
    this.dropped = metrics.counter({
      name: 'events_duplicate_total',
      help: 'Events dropped as copies of events already seen (duplicate) or already covered by the sequence (stale).',
      labelNames: ['venue', 'kind'],
    });
    this.rejected = metrics.counter({
      name: 'events_rejected_total',
      help: 'Events dead-lettered, by the rule they broke.',
      labelNames: ['reason'],
    });
    this.alerts = metrics.counter({
      name: 'alerts_total',
      help: 'Alerts published, by kind and severity.',
      labelNames: ['kind', 'severity'],
    });
    this.lag = metrics.gauge({
      name: 'consumer_lag',
      help: 'Raw-topic records behind the high watermark after the last batch, per partition.',
      labelNames: ['partition'],
    });
    this.batchDuration = metrics.histogram({
      name: 'batch_duration_seconds',
      help: 'Time to validate a batch and commit its outputs and offsets in one transaction.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.transactions = metrics.counter({
      name: 'transactions_total',
      help: 'Batch transactions, by outcome (committed, aborted).',
      labelNames: ['outcome'],
    });
    this.restoreDuration = metrics.histogram({
      name: 'restore_duration_seconds',
      help: 'Time to fence the previous owners and rebuild the state of newly assigned partitions.',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    this.restoredEvents = metrics.counter({
      name: 'restored_events_total',
      help: 'Valid-topic records replayed to rebuild state after an assignment.',
    });
    this.markets = metrics.gauge({
      name: 'markets',
      help: 'Markets whose state is held, per raw partition.',
      labelNames: ['partition'],
    });
  }

  record(results: readonly ValidationResult[]): void {
    for (const result of results) {
      if (result.outcome === 'accepted') {
        this.accepted.inc({ venue: result.envelope.venue, type: result.envelope.type });
      } else if (result.outcome === 'dropped') {
        this.dropped.inc({ venue: result.envelope.venue, kind: result.kind });
      } else {
        this.rejected.inc({ reason: result.rule });
      }
      for (const alert of result.alerts)
        this.alerts.inc({ kind: alert.kind, severity: alert.severity });
    }
  }
}
