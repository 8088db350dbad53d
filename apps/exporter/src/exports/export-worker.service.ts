import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { type ExportRun, type ExportSubscription, PrismaService } from '@tickline/db';
import { ConfigService, DRAIN_ORDER, DrainService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { errorMessage, isTransientExchangeError } from '../exchange/exchange-errors.util';
import { ExportAlertsService } from './export-alerts.service';
import { ExportJobRunner, type JobOutcome } from './export-job.runner';
import { type ActiveRun, runnableRuns } from './export-order.util';
import { ExportRunsService } from './export-runs.service';
import { ExportMetrics } from './export.metrics';
import { backoffDelayMs } from './backoff.util';

type RunWithSubscription = ExportRun & { subscription: ExportSubscription };

/**
 * Executes export runs: up to EXPORTER_CONCURRENCY at once, one at a time per subscription in
 * revision order (see runnableRuns). A run is claimed by a conditional update (status and
 * updatedAt as read), so two processes never take the same run. Failures are retried with
 * exponential back-off until EXPORTER_MAX_ATTEMPTS, then the run is FAILED, alerted and
 * counted. On shutdown the worker stops claiming and hands running attempts back as PENDING
 * with their job at their next poll; the next start resumes polling that job.
 */
@Injectable()
export class ExportWorkerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExportWorkerService.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly prisma: PrismaService,
    private readonly runs: ExportRunsService,
    private readonly runner: ExportJobRunner,
    private readonly alerts: ExportAlertsService,
    private readonly metrics: ExportMetrics,
    drain: DrainService,
  ) {
    drain.register('export worker', () => this.stop(), { order: DRAIN_ORDER.stopIntake });
  }

  onApplicationBootstrap(): void {
    this.loop = this.claimLoop();
  }

  private async claimLoop(): Promise<void> {
    const interval = this.config.get('EXPORTER_POLL_INTERVAL');
    while (!this.stopping) {
      try {
        await this.claimAndStart();
      } catch (error) {
        this.logger.error(`Could not look for export runs to start: ${errorMessage(error)}`);
      }
      await this.runs.created.wait(interval);
    }
  }

  private async claimAndStart(): Promise<void> {
    const free = this.config.get('EXPORTER_CONCURRENCY') - this.inFlight.size;
    if (free <= 0) return;
    const active: ActiveRun[] = await this.prisma.exportRun.findMany({
      where: { status: { in: ['PENDING', 'RUNNING'] }, subscription: { enabled: true } },
      // All of them (no page): a subscription's first run must be among those read.
      orderBy: [{ revisionCreatedAt: 'asc' }, { createdAt: 'asc' }],
    });
    const now = new Date();
    const candidates = runnableRuns(
      active,
      now,
      this.config.get('EXPORTER_RUN_LEASE'),
      new Set(this.inFlight.keys()),
    );
    for (const candidate of candidates.slice(0, free)) {
      if (this.stopping) return;
      const claimed = await this.prisma.exportRun.updateMany({
        where: { id: candidate.id, status: candidate.status, updatedAt: candidate.updatedAt },
        data: { status: 'RUNNING', updatedAt: now },
      });
      if (claimed.count !== 1) continue;
      const run = await this.prisma.exportRun.findUniqueOrThrow({
        where: { id: candidate.id },
        include: { subscription: true },
      });
      if (!run.startedAt)
        await this.prisma.exportRun.update({ where: { id: run.id }, data: { startedAt: now } });
      const task = this.execute(run).finally(() => {
        this.inFlight.delete(run.id);
        this.runs.created.wake();
      });
      this.inFlight.set(run.id, task);
    }
  }

  /**
   * One attempt. Only the exchange side's errors decide the outcome; if recording the outcome
   * fails (database gone), the run stays RUNNING and is taken over when its lease runs out,
   * resuming the recorded job rather than exporting again.
   */
  private async execute(run: RunWithSubscription): Promise<void> {
    const started = Date.now();
    try {
      let outcome: JobOutcome;
      try {
        outcome = await this.runner.run(run, () => this.stopping);
      } catch (error) {
        if (isTransientExchangeError(error)) return await this.postpone(run, errorMessage(error));
        outcome = { kind: 'failed', reason: errorMessage(error) };
      }
      if (outcome.kind === 'completed') return await this.succeed(run, started);
      if (outcome.kind === 'handed-back') return await this.handBack(run);
      return await this.fail(run, outcome.reason);
    } catch (error) {
      this.logger.error(
        `Export run ${run.id}: could not record its outcome: ${errorMessage(error)}`,
      );
    }
  }

  private async succeed(run: RunWithSubscription, started: number): Promise<void> {
    const finishedAt = new Date();
    await this.prisma.exportRun.update({
      where: { id: run.id },
      data: { status: 'SUCCEEDED', error: null, nextAttemptAt: null, finishedAt },
    });
    this.metrics.finished.inc({ outcome: 'succeeded' });
    this.metrics.duration.observe((finishedAt.getTime() - started) / 1000);
    if (run.revisionCreatedAt) {
      this.metrics.publishToObject.observe(
        (finishedAt.getTime() - run.revisionCreatedAt.getTime()) / 1000,
      );
    }
    this.logger.log(
      `Exported revision ${run.exchangeRevisionId} of data set ${run.exchangeDataSetId} to s3://${run.destinationBucket}/${run.destinationKeyPattern}.`,
    );
  }

  /** A failed attempt: retried with back-off, or FAILED for good after the last attempt. */
  private async fail(run: RunWithSubscription, reason: string): Promise<void> {
    const attempts = run.attempts + 1;
    const maxAttempts = this.config.get('EXPORTER_MAX_ATTEMPTS');
    if (attempts < maxAttempts) {
      const delay = backoffDelayMs(attempts, {
        initialMs: this.config.get('EXPORTER_RETRY_INITIAL'),
        maxMs: this.config.get('EXPORTER_RETRY_MAX'),
      });
      await this.prisma.exportRun.update({
        where: { id: run.id },
        data: {
          status: 'PENDING',
          attempts,
          error: reason,
          jobId: null,
          nextAttemptAt: new Date(Date.now() + delay),
        },
      });
      this.metrics.retries.inc();
      this.logger.warn(
        `Export of revision ${run.exchangeRevisionId} to s3://${run.destinationBucket} failed (attempt ${attempts} of ${maxAttempts}), retrying in ${delay} ms: ${reason}`,
      );
      return;
    }
    const failed = await this.prisma.exportRun.update({
      where: { id: run.id },
      data: {
        status: 'FAILED',
        attempts,
        error: reason,
        nextAttemptAt: null,
        finishedAt: new Date(),
      },
    });
    this.metrics.finished.inc({ outcome: 'failed' });
    this.logger.error(
      `Export of revision ${run.exchangeRevisionId} to s3://${run.destinationBucket} failed for good after ${attempts} attempt(s): ${reason}`,
    );
    await this.alerts.exportFailed(failed, run.subscription.name, reason);
  }

  /** "Not now" from the exchange (throttling, export limit, outage): later, same attempt count. */
  private async postpone(run: RunWithSubscription, reason: string): Promise<void> {
    const delay = backoffDelayMs(run.attempts + 1, {
      initialMs: this.config.get('EXPORTER_RETRY_INITIAL'),
      maxMs: this.config.get('EXPORTER_RETRY_MAX'),
    });
    await this.prisma.exportRun.update({
      where: { id: run.id },
      data: { status: 'PENDING', error: reason, nextAttemptAt: new Date(Date.now() + delay) },
    });
    this.logger.warn(`Export run ${run.id} postponed by ${delay} ms: ${reason}`);
  }

  private async handBack(run: RunWithSubscription): Promise<void> {
    await this.prisma.exportRun.update({ where: { id: run.id }, data: { status: 'PENDING' } });
    this.logger.log(
      `Export run ${run.id} handed back at shutdown; its job is resumed at the next start.`,
    );
  }

  /** Drain: no new claims; running attempts finish or are handed back. */
  private async stop(): Promise<void> {
    this.stopping = true;
    this.runs.created.wake();
    await this.loop;
    await Promise.all([...this.inFlight.values()]);
  }
}
