import { randomUUID } from 'node:crypto';

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { DRAIN_ORDER, DrainService, MetricsService } from '@tickline/service-kit';
import type { Counter } from 'prom-client';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { EventOutbox } from '../events/event-outbox.service';
import { DETAIL_TYPES, exchangeEvent } from '../events/exchange-event.util';
import type { Job, JobType, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../persistence/prisma.service';

import { JobFailure } from './job-failure.error';
import { JOB_HANDLERS, type JobExecution, type JobHandler } from './job-handler.interface';
import { JobWakeUp } from './job-wake-up.service';
import type { JobError } from './jobs.schemas';

/**
 * Runs IN_PROGRESS jobs. A job is claimed with a lease (row lock + SKIP LOCKED, so several
 * processes share the work) that is renewed while it runs. If the process dies, the lease runs
 * out and another run claims the job again: handlers are idempotent, so the job completes
 * without duplicates, or, after EXCHANGE_JOB_MAX_ATTEMPTS claims, ends in ERROR saying why.
 * Completion is committed only while the lease is still ours.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly owner = `runner-${randomUUID()}`;
  private readonly handlers: ReadonlyMap<JobType, JobHandler>;
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private polling = false;
  private stopped = true;
  private readonly finished: Counter<'state' | 'type'>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: EventOutbox,
    private readonly wakeUp: JobWakeUp,
    private readonly drain: DrainService,
    metrics: MetricsService,
    @Inject(JOB_HANDLERS) handlers: JobHandler[],
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.type, handler]));
    this.finished = metrics.counter({
      name: 'jobs_finished_total',
      help: 'Data Exchange jobs that ended, by type and final state.',
      labelNames: ['type', 'state'],
    });
  }

  onApplicationBootstrap(): void {
    // A job still running when the drain times out keeps its lease; another process resumes it.
    this.drain.register('job-runner', () => this.stop(), { order: DRAIN_ORDER.stopIntake });
    this.stopped = false;
    this.unsubscribe = this.wakeUp.subscribe(() => void this.poll());
    this.timer = setInterval(() => void this.poll(), this.config.worker.pollIntervalMs);
    void this.poll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops claiming jobs and lets running ones finish; their leases would otherwise have to expire. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await Promise.allSettled([...this.running]);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      while (!this.stopped && this.running.size < this.config.worker.concurrency) {
        const job = await this.claim();
        if (!job) break;
        const run = this.execute(job).finally(() => {
          this.running.delete(run);
          void this.poll();
        });
        this.running.add(run);
      }
    } catch (error) {
      this.logger.error(`Polling for jobs failed: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private async claim(): Promise<Job | undefined> {
    const leaseSeconds = this.config.worker.leaseMs / 1000;
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE jobs
         SET lease_owner = ${this.owner},
             lease_expires_at = now() + make_interval(secs => ${leaseSeconds}),
             attempts = attempts + 1,
             updated_at = now()
       WHERE id = (
         SELECT id FROM jobs
          WHERE state = 'IN_PROGRESS' AND (lease_expires_at IS NULL OR lease_expires_at < now())
          ORDER BY started_at NULLS FIRST, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    const id = rows[0]?.id;
    return id ? this.prisma.job.findUniqueOrThrow({ where: { id } }) : undefined;
  }

  private async execute(job: Job): Promise<void> {
    if (job.attempts > this.config.worker.maxAttempts) {
      await this.handlers
        .get(job.type)
        ?.abandon?.(job)
        .catch((error: unknown) =>
          this.logger.warn(`Cleaning up after job ${job.id} failed: ${(error as Error).message}`),
        );
      await this.fail(job, [
        {
          Code: 'INTERNAL_SERVER_EXCEPTION',
          Message: `The job was interrupted ${job.attempts - 1} times (service restarts) and was given up.`,
        },
      ]);
      return;
    }
    if (job.attempts > 1)
      this.logger.warn(`Resuming job ${job.id} (attempt ${job.attempts}) after an interruption.`);
    const heartbeat = setInterval(
      () => void this.renewLease(job.id),
      Math.max(500, this.config.worker.leaseMs / 3),
    );
    try {
      const handler = this.handlers.get(job.type);
      if (!handler)
        throw new JobFailure([
          { Code: 'VALIDATION_EXCEPTION', Message: `Unsupported job type ${job.type}.` },
        ]);
      const execution = await handler.run(job);
      await this.complete(job, execution);
    } catch (error) {
      if (error instanceof JobFailure) {
        await this.fail(job, error.errors);
      } else {
        // Infrastructure trouble (database, S3 down): keep the lease, let it expire and retry.
        this.logger.error(
          `Job ${job.id} (${job.type}) failed unexpectedly; it will be retried.`,
          (error as Error).stack,
        );
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async complete(job: Job, execution: JobExecution): Promise<void> {
    try {
      const committed = await this.prisma.$transaction(async (tx) => {
        if (!(await this.holdsLease(tx, job.id))) return false;
        await execution.finish?.(tx);
        await tx.job.update({
          where: { id: job.id },
          data: {
            ...(execution.details ? { details: execution.details as Prisma.InputJsonValue } : {}),
            finishedAt: new Date(),
            leaseExpiresAt: null,
            leaseOwner: null,
            state: 'COMPLETED',
          },
        });
        await this.autoExportEvent(tx, job, true);
        return true;
      });
      if (committed) {
        this.finished.inc({ type: job.type, state: 'COMPLETED' });
        this.logger.log(`Job ${job.id} (${job.type}) completed.`);
      }
    } catch (error) {
      if (error instanceof JobFailure) await this.fail(job, error.errors);
      else throw error;
    }
  }

  private async fail(job: Job, errors: JobError[]): Promise<void> {
    const committed = await this.prisma.$transaction(async (tx) => {
      if (!(await this.holdsLease(tx, job.id))) return false;
      await tx.job.update({
        where: { id: job.id },
        data: {
          errors: errors as unknown as Prisma.InputJsonValue,
          finishedAt: new Date(),
          leaseExpiresAt: null,
          leaseOwner: null,
          state: 'ERROR',
        },
      });
      await this.autoExportEvent(tx, job, false);
      return true;
    });
    if (committed) {
      this.finished.inc({ type: job.type, state: 'ERROR' });
      this.logger.warn(
        `Job ${job.id} (${job.type}) ended in ERROR: ${errors.map((e) => e.Message).join('; ')}`,
      );
    }
  }

  private async holdsLease(tx: Prisma.TransactionClient, jobId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM jobs WHERE id = ${jobId} AND lease_owner = ${this.owner} AND state = 'IN_PROGRESS' FOR UPDATE`;
    return rows.length === 1;
  }

  private async renewLease(jobId: string): Promise<void> {
    const leaseSeconds = this.config.worker.leaseMs / 1000;
    await this.prisma.$executeRaw`
      UPDATE jobs SET lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
       WHERE id = ${jobId} AND lease_owner = ${this.owner} AND state = 'IN_PROGRESS'`.catch(
      (error: unknown) =>
        this.logger.warn(`Could not renew the lease of job ${jobId}: ${(error as Error).message}`),
    );
  }

  /** Jobs started by an event action tell their account how the auto-export went. */
  private async autoExportEvent(
    tx: Prisma.TransactionClient,
    job: Job,
    succeeded: boolean,
  ): Promise<void> {
    if (!job.eventActionId || !job.revisionId) return;
    const dataSet = await tx.dataSet.findUnique({ where: { id: job.dataSetId } });
    const revision = await tx.revision.findUnique({ where: { id: job.revisionId } });
    if (!dataSet?.productId) return;
    await this.outbox.enqueue(
      tx,
      exchangeEvent({
        detailType: succeeded ? DETAIL_TYPES.autoExportCompleted : DETAIL_TYPES.autoExportFailed,
        account: job.accountId,
        region: this.config.region,
        resources: [dataSet.productId],
        detail: {
          RevisionIds: [job.revisionId],
          Revisions: [
            { Id: job.revisionId, ...(revision?.comment ? { Comment: revision.comment } : {}) },
          ],
          DataSetIds: [dataSet.id],
          DataSets: [{ Id: dataSet.id, Name: dataSet.name }],
          Product: { Id: dataSet.productId },
          JobId: job.id,
        },
      }),
    );
  }
}
