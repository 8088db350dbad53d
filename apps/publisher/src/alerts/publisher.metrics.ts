import { Injectable } from '@nestjs/common';
import { MetricsService } from '@tickline/service-kit';

/** The publisher's Prometheus metrics. Labels are bounded: step, outcome, kind, trigger. */
@Injectable()
export class PublisherMetrics {
  readonly stepDuration;
  readonly stepFailures;
  readonly runsFinished;
  readonly runsCreated;
  readonly quarantined;
  readonly uploads;
  readonly alerts;
  readonly alertSendFailures;
  readonly rows;

  constructor(metrics: MetricsService) {
    this.stepDuration = metrics.histogram({
      name: 'step_duration_seconds',
      help: 'Duration of one execution of a publish step',
      labelNames: ['step', 'outcome'] as const,
      buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 1200, 3600],
    });
    this.stepFailures = metrics.counter({
      name: 'step_failures_total',
      help: 'Publish step executions that failed',
      labelNames: ['step'] as const,
    });
    this.runsFinished = metrics.counter({
      name: 'runs_finished_total',
      help: 'Publish runs that ended, by outcome (succeeded, failed)',
      labelNames: ['outcome'] as const,
    });
    this.runsCreated = metrics.counter({
      name: 'runs_created_total',
      help: 'Publish runs created, by trigger (schedule, rest, upload)',
      labelNames: ['trigger'] as const,
    });
    this.quarantined = metrics.counter({
      name: 'quarantined_inputs_total',
      help: 'Manifest quarantine entries (bad lake objects or lines), by kind',
      labelNames: ['kind'] as const,
    });
    this.uploads = metrics.counter({
      name: 'uploads_total',
      help: 'Objects found under the incoming prefix, by outcome (publishing, quarantined, duplicate)',
      labelNames: ['outcome'] as const,
    });
    this.alerts = metrics.counter({
      name: 'alerts_total',
      help: 'Alerts raised, by kind',
      labelNames: ['kind'] as const,
    });
    this.alertSendFailures = metrics.counter({
      name: 'alert_send_failures_total',
      help: 'Alerts that could not be sent to the alerts topic',
    });
    this.rows = metrics.counter({
      name: 'published_rows_total',
      help: 'CSV rows written by daily runs',
    });
  }
}
