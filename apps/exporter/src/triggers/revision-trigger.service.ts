import type { RevisionEntry } from '@aws-sdk/client-dataexchange';
import { Injectable } from '@nestjs/common';
import type { ExportSubscription } from '@tickline/db';

import { ExportRunsService, type RunTrigger } from '../exports/export-runs.service';

/** What the triggers need of a revision (ListDataSetRevisions entry or GetRevision answer). */
export type RevisionInfo = Partial<
  Pick<RevisionEntry, 'Id' | 'CreatedAt' | 'Finalized' | 'Revoked'>
>;

/** Finalized and not revoked: what a subscriber can export. */
export function isExportable(revision: RevisionInfo): boolean {
  return revision.Finalized === true && revision.Revoked !== true;
}

/**
 * The revisions a subscription should export from a listing, oldest first: all of them in
 * PATTERN mode, only the newest in LATEST mode.
 */
export function revisionsToExport(
  subscription: Pick<ExportSubscription, 'mode'>,
  revisions: readonly RevisionInfo[],
): RevisionInfo[] {
  const exportable = revisions
    .filter((revision) => isExportable(revision) && revision.Id && revision.CreatedAt)
    .sort(
      (a, b) =>
        (a.CreatedAt as Date).getTime() - (b.CreatedAt as Date).getTime() ||
        String(a.Id).localeCompare(String(b.Id)),
    );
  return subscription.mode === 'LATEST' ? exportable.slice(-1) : exportable;
}

/** Turns found revisions into export runs for the given subscriptions (both triggers share it). */
@Injectable()
export class RevisionTriggerService {
  constructor(private readonly runs: ExportRunsService) {}

  /** Runs created, in revision order; revisions that already have one are left alone. */
  async trigger(
    subscription: ExportSubscription,
    revisions: readonly RevisionInfo[],
    trigger: RunTrigger,
  ): Promise<number> {
    const wanted = revisionsToExport(subscription, revisions);
    if (wanted.length === 0) return 0;
    const existing = await this.runs.revisionsWithRuns(
      subscription,
      wanted.map((r) => r.Id as string),
    );
    let created = 0;
    for (const revision of wanted) {
      if (existing.has(revision.Id as string)) continue;
      const made = await this.runs.ensureRun(
        subscription,
        { id: revision.Id as string, createdAt: revision.CreatedAt as Date },
        trigger,
      );
      if (made) created++;
    }
    return created;
  }
}
