import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type ExportRun,
  type ExportRunStatus,
  type ExportSubscription,
  isUniqueConstraintViolation,
  PrismaService,
} from '@tickline/db';

import { WakeSignal } from '../common/wake-signal.util';
import { ExportMetrics } from './export.metrics';

export type RunTrigger = 'event' | 'reconcile';

export interface RevisionRef {
  readonly id: string;
  readonly createdAt: Date;
}

export interface RunFilter {
  readonly status?: ExportRunStatus | undefined;
  readonly subscriptionId?: string | undefined;
  readonly limit: number;
}

/**
 * Export runs: one row per (revision, destination), made by events and reconciliation alike.
 * The unique key decides which of several triggers creates it; the others find it and stop,
 * so a revision is exported once per destination whatever delivers it, however often.
 */
@Injectable()
export class ExportRunsService {
  private readonly logger = new Logger(ExportRunsService.name);
  /** Woken when runs are created or re-run, so the worker starts them at once. */
  readonly created = new WakeSignal();

  constructor(
    private readonly prisma: PrismaService,
    private readonly metrics: ExportMetrics,
  ) {}

  /**
   * Makes sure the revision has a run for the subscription's destination; true when this call
   * created it. In LATEST mode a revision older than one already taken is skipped: exporting it
   * would put older data on the stable keys.
   */
  async ensureRun(
    subscription: ExportSubscription,
    revision: RevisionRef,
    trigger: RunTrigger,
  ): Promise<boolean> {
    if (subscription.mode === 'LATEST') {
      const newer = await this.prisma.exportRun.count({
        where: { subscriptionId: subscription.id, revisionCreatedAt: { gt: revision.createdAt } },
      });
      if (newer > 0) return false;
    }
    try {
      await this.prisma.exportRun.create({
        data: {
          subscriptionId: subscription.id,
          exchangeDataSetId: subscription.exchangeDataSetId,
          exchangeRevisionId: revision.id,
          revisionCreatedAt: revision.createdAt,
          destinationBucket: subscription.destinationBucket,
          destinationKeyPattern: subscription.keyPattern,
        },
      });
    } catch (error) {
      if (isUniqueConstraintViolation(error)) return false;
      throw error;
    }
    this.metrics.runsCreated.inc({ trigger });
    this.logger.log(
      `Export run created (${trigger}): revision ${revision.id} of data set ${subscription.exchangeDataSetId} -> s3://${subscription.destinationBucket}/${subscription.keyPattern}.`,
    );
    this.created.wake();
    return true;
  }

  /** Revision ids that already have a run for this subscription's destination. */
  async revisionsWithRuns(
    subscription: ExportSubscription,
    revisionIds: string[],
  ): Promise<Set<string>> {
    const rows = await this.prisma.exportRun.findMany({
      where: {
        exchangeRevisionId: { in: revisionIds },
        destinationBucket: subscription.destinationBucket,
        destinationKeyPattern: subscription.keyPattern,
      },
      select: { exchangeRevisionId: true },
    });
    return new Set(rows.map((row) => row.exchangeRevisionId));
  }

  list(filter: RunFilter) {
    return this.prisma.exportRun.findMany({
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.subscriptionId ? { subscriptionId: filter.subscriptionId } : {}),
      },
      include: { job: true, subscription: true },
      orderBy: [{ createdAt: 'desc' }],
      take: filter.limit,
    });
  }

  async get(id: string) {
    const run = await this.prisma.exportRun.findUnique({
      where: { id },
      include: { job: true, subscription: true },
    });
    if (!run) throw new NotFoundException(`No export run ${JSON.stringify(id)}.`);
    return run;
  }

  /**
   * Puts a FAILED run back to PENDING with fresh attempts (same row: a re-run never adds one).
   * Refused in LATEST mode when a newer revision already reached the stable keys.
   */
  async rerun(id: string): Promise<ExportRun> {
    const run = await this.get(id);
    if (run.status !== 'FAILED') {
      throw new ConflictException(
        `Export run ${id} is ${run.status}; only FAILED runs can be re-run.`,
      );
    }
    if (run.subscription.mode === 'LATEST' && run.revisionCreatedAt) {
      const newer = await this.prisma.exportRun.count({
        where: {
          subscriptionId: run.subscriptionId,
          status: 'SUCCEEDED',
          revisionCreatedAt: { gt: run.revisionCreatedAt },
        },
      });
      if (newer > 0) {
        throw new ConflictException(
          `Export run ${id} is for an older revision than one already exported to the LATEST keys; re-running it would overwrite newer data.`,
        );
      }
    }
    const updated = await this.prisma.exportRun.updateMany({
      where: { id, status: 'FAILED' },
      data: {
        status: 'PENDING',
        attempts: 0,
        error: null,
        nextAttemptAt: null,
        finishedAt: null,
        jobId: null,
      },
    });
    if (updated.count === 0)
      throw new ConflictException(`Export run ${id} changed meanwhile; try again.`);
    this.logger.log(
      `Export run ${id} (revision ${run.exchangeRevisionId}) queued again by a re-run.`,
    );
    this.created.wake();
    return this.get(id);
  }
}
