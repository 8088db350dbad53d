import type { LakeMetricLabels, LakeWriterMetrics, LakeWriteResult } from '@tickline/lake';
import type { MetricsService } from '@tickline/service-kit';

import type { LakeRecorderMetrics } from './lake-recorder';

/** Lake metrics (`ingestor_lake_*`): windows written, dedup hits, partial windows, failures. */
export function prometheusLakeMetrics(metrics: MetricsService): {
  writer: LakeWriterMetrics;
  recorder: LakeRecorderMetrics;
} {
  const written = metrics.counter({
    name: 'lake_windows_written_total',
    help: 'Lake windows stored by this ingester, by kind (canonical or partial).',
    labelNames: ['venue', 'type', 'kind'],
  });
  const dedup = metrics.counter({
    name: 'lake_dedup_hits_total',
    help: 'Canonical windows another replica had written first, by verification.',
    labelNames: ['venue', 'type', 'verification'],
  });
  const partial = metrics.counter({
    name: 'lake_partial_windows_total',
    help: 'Windows written under this ingester partial key.',
    labelNames: ['venue', 'type'],
  });
  const diverged = metrics.counter({
    name: 'lake_divergences_total',
    help: 'Canonical windows whose stored events differ from ours.',
    labelNames: ['venue', 'type'],
  });
  const failed = metrics.counter({
    name: 'lake_write_failures_total',
    help: 'Windows that could not be written after retries.',
    labelNames: ['venue', 'type'],
  });
  const notBatched = metrics.counter({
    name: 'lake_events_not_batched_total',
    help: 'Envelopes the batcher did not take: late (window closed) or rejected (buffer full).',
    labelNames: ['reason'],
  });
  const labels = (l: LakeMetricLabels) => ({ venue: l.venue, type: l.type });
  return {
    writer: {
      windowWritten: (l) => written.inc({ ...labels(l), kind: l.kind }),
      dedupHit: (l, verification) => dedup.inc({ ...labels(l), verification }),
      partialWindow: (l) => partial.inc(labels(l)),
      divergence: (l) => diverged.inc(labels(l)),
    },
    recorder: {
      written: (_result: LakeWriteResult) => undefined,
      failed: (window) => failed.inc({ venue: window.stream.venue, type: window.stream.type }),
      notBatched: (reason) => notBatched.inc({ reason }),
    },
  };
}
