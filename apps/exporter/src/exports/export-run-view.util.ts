import type { ExchangeJob, ExportRun, ExportSubscription } from '@tickline/db';

import type { ExportRunView } from './export-run.schema';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function exportRunView(
  run: ExportRun & { job: ExchangeJob | null; subscription: ExportSubscription },
): ExportRunView {
  return {
    id: run.id,
    subscriptionId: run.subscriptionId,
    subscriptionName: run.subscription.name,
    dataSetId: run.exchangeDataSetId,
    revisionId: run.exchangeRevisionId,
    revisionCreatedAt: iso(run.revisionCreatedAt),
    bucket: run.destinationBucket,
    keyPattern: run.destinationKeyPattern,
    status: run.status,
    attempts: run.attempts,
    nextAttemptAt: iso(run.nextAttemptAt),
    error: run.error,
    job: run.job
      ? {
          id: run.job.exchangeJobId,
          arn: run.job.arn,
          state: run.job.state,
          errors: run.job.errors ?? null,
          startedAt: iso(run.job.startedAt),
          finishedAt: iso(run.job.finishedAt),
        }
      : null,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    publishToObjectSeconds:
      run.status === 'SUCCEEDED' && run.finishedAt && run.revisionCreatedAt
        ? (run.finishedAt.getTime() - run.revisionCreatedAt.getTime()) / 1000
        : null,
  };
}
