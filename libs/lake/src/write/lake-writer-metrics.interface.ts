import type { DataType, System, Venue } from '@tickline/domain';

import type { DedupVerification, LakeObjectKind, LakeWriteOutcome } from './lake-writer.types';

/** Labels of every lake metric: low cardinality (no market, no key). */
export interface LakeMetricLabels {
  readonly system: System;
  readonly type: DataType;
  readonly venue: Venue;
  readonly kind: LakeObjectKind;
}

/**
 * Metric hooks the writer calls; the service maps them onto its registry (prom-client through
 * the service kit), tests onto counters of their own. Every hook is optional.
 */
export interface LakeWriterMetrics {
  /** Our bytes were stored: a new object, or a partial merged into an earlier one. */
  windowWritten?(labels: LakeMetricLabels, bytes: number, events: number): void;
  /** The canonical object already existed (another replica wrote it first). */
  dedupHit?(labels: LakeMetricLabels, verification: DedupVerification): void;
  /** A partial window was written under this ingester's partial key. */
  partialWindow?(labels: LakeMetricLabels): void;
  /** The existing canonical object holds other events than ours: alert-worthy. */
  divergence?(labels: LakeMetricLabels): void;
  /** Duration of one put attempt, in seconds. */
  putLatency?(labels: LakeMetricLabels, seconds: number, outcome: LakeWriteOutcome | 'error'): void;
  /** A put attempt failed transiently and will be retried. */
  putRetry?(labels: LakeMetricLabels, errorName: string): void;
}
