import type { ExportRunStatus } from '@tickline/db';

/** What the ordering needs to know about an active (PENDING or RUNNING) export run. */
export interface ActiveRun {
  readonly id: string;
  readonly subscriptionId: string;
  readonly status: ExportRunStatus;
  readonly exchangeRevisionId: string;
  /** The revision's CreatedAt; the row's creation time stands in when unknown. */
  readonly revisionCreatedAt: Date | null;
  readonly createdAt: Date;
  readonly nextAttemptAt: Date | null;
  /** Last touch; a RUNNING run not touched within the lease is abandoned. */
  readonly updatedAt: Date;
}

/** Revision creation order, then the revision id so equal times still order the same way. */
export function compareRevisionOrder(a: ActiveRun, b: ActiveRun): number {
  const at = (a.revisionCreatedAt ?? a.createdAt).getTime();
  const bt = (b.revisionCreatedAt ?? b.createdAt).getTime();
  if (at !== bt) return at - bt;
  return a.exchangeRevisionId < b.exchangeRevisionId
    ? -1
    : a.exchangeRevisionId > b.exchangeRevisionId
      ? 1
      : 0;
}

/**
 * The runs that may start now: per subscription only its first active run in revision order,
 * and only if it is due (no retry scheduled later) and no live run of the subscription holds
 * it. A RUNNING run whose lease ran out (its process died) is due again and resumes. Later
 * revisions wait behind an earlier one that is retrying, so a subscription's revisions land in
 * the order they were created. Subscriptions are independent: the most recently created run
 * comes first.
 */
export function runnableRuns(
  active: readonly ActiveRun[],
  now: Date,
  leaseMs: number,
  inFlight: ReadonlySet<string> = new Set(),
): ActiveRun[] {
  const bySubscription = new Map<string, ActiveRun[]>();
  for (const run of active) {
    const list = bySubscription.get(run.subscriptionId) ?? [];
    list.push(run);
    bySubscription.set(run.subscriptionId, list);
  }
  const runnable: ActiveRun[] = [];
  for (const runs of bySubscription.values()) {
    const live = (run: ActiveRun) =>
      inFlight.has(run.id) ||
      (run.status === 'RUNNING' && now.getTime() - run.updatedAt.getTime() < leaseMs);
    if (runs.some(live)) continue;
    const [first] = [...runs].sort(compareRevisionOrder);
    if (!first) continue;
    const due = first.nextAttemptAt === null || first.nextAttemptAt.getTime() <= now.getTime();
    if (due) runnable.push(first);
  }
  // Across subscriptions the newest work goes first: a revision just published to one data set
  // does not wait behind another subscription's backlog (a new subscription's history).
  return runnable.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
