import type { GetJobResponse } from '@aws-sdk/client-dataexchange';
import { Injectable, Logger } from '@nestjs/common';
import {
  type ExchangeJob,
  type ExportRun,
  type ExportSubscription,
  PrismaService,
} from '@tickline/db';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { awsErrorName } from '../exchange/exchange-errors.util';
import { ExchangeService } from '../exchange/exchange.service';
import { encryptionOf } from '../subscriptions/subscription-view.util';
import { backoffDelayMs } from './backoff.util';

export type JobOutcome =
  | { readonly kind: 'completed'; readonly job: ExchangeJob }
  | { readonly kind: 'failed'; readonly reason: string }
  /** Draining: the job keeps running on the exchange; the next process resumes polling it. */
  | { readonly kind: 'handed-back' };

const FINISHED = new Set(['COMPLETED', 'ERROR', 'CANCELLED', 'TIMED_OUT']);

/**
 * One attempt of one export run: an EXPORT_REVISIONS_TO_S3 job (created once per attempt and
 * recorded in exchange_jobs before it is started, so a restart resumes the same job), started,
 * then polled with growing pauses until it finishes. SDK errors propagate to the caller.
 */
@Injectable()
export class ExportJobRunner {
  private readonly logger = new Logger(ExportJobRunner.name);

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly exchange: ExchangeService,
    private readonly prisma: PrismaService,
  ) {}

  async run(
    run: ExportRun & { subscription: ExportSubscription },
    stopping: () => boolean,
  ): Promise<JobOutcome> {
    let job = run.jobId
      ? await this.prisma.exchangeJob.findUnique({ where: { id: run.jobId } })
      : null;
    if (!job) job = await this.createJob(run);
    if (job.state === 'WAITING') job = await this.startJob(job);
    return this.awaitJob(run, job, stopping);
  }

  private async createJob(
    run: ExportRun & { subscription: ExportSubscription },
  ): Promise<ExchangeJob> {
    const encryption = encryptionOf(run.subscription);
    const created = await this.exchange.createExportJob({
      dataSetId: run.exchangeDataSetId,
      revisionId: run.exchangeRevisionId,
      bucket: run.destinationBucket,
      keyPattern: run.destinationKeyPattern,
      ...(encryption
        ? {
            encryption: {
              Type: encryption.type,
              ...(encryption.type === 'aws:kms' ? { KmsKeyArn: encryption.kmsKeyArn } : {}),
            },
          }
        : {}),
    });
    const [job] = await this.prisma.$transaction(async (tx) => {
      const row = await tx.exchangeJob.create({
        data: {
          exchangeJobId: created.id,
          arn: created.arn ?? null,
          type: 'EXPORT_REVISIONS_TO_S3',
          state: 'WAITING',
          exchangeDataSetId: run.exchangeDataSetId,
          exchangeRevisionId: run.exchangeRevisionId,
        },
      });
      await tx.exportRun.update({ where: { id: run.id }, data: { jobId: row.id } });
      return [row];
    });
    return job;
  }

  private async startJob(job: ExchangeJob): Promise<ExchangeJob> {
    try {
      await this.exchange.startJob(job.exchangeJobId);
    } catch (error) {
      // Started before a restart: the job is past WAITING, which GetJob will tell.
      if (awsErrorName(error) !== 'ConflictException') throw error;
    }
    return this.prisma.exchangeJob.update({
      where: { id: job.id },
      data: { state: 'IN_PROGRESS', startedAt: job.startedAt ?? new Date() },
    });
  }

  private async awaitJob(
    run: ExportRun,
    job: ExchangeJob,
    stopping: () => boolean,
  ): Promise<JobOutcome> {
    const deadline = Date.now() + this.config.get('EXPORTER_JOB_TIMEOUT');
    const touchEveryMs = this.config.get('EXPORTER_RUN_LEASE') / 3;
    const pause = {
      initialMs: this.config.get('EXPORTER_JOB_POLL_INITIAL'),
      maxMs: this.config.get('EXPORTER_JOB_POLL_MAX'),
      factor: 1.5,
    };
    let touched = Date.now();
    for (let poll = 1; ; poll++) {
      const answer = await this.exchange.getJob(job.exchangeJobId);
      if (answer.State && FINISHED.has(answer.State)) {
        const finished = await this.record(job, answer);
        return answer.State === 'COMPLETED'
          ? { kind: 'completed', job: finished }
          : { kind: 'failed', reason: jobFailureReason(answer) };
      }
      if (stopping()) return { kind: 'handed-back' };
      if (Date.now() > deadline) {
        return {
          kind: 'failed',
          reason: `export job ${job.exchangeJobId} still ${answer.State} after ${this.config.get('EXPORTER_JOB_TIMEOUT') / 1000} s`,
        };
      }
      if (Date.now() - touched > touchEveryMs) {
        // Renews the run's lease: a RUNNING run left untouched is taken over by another process.
        await this.prisma.exportRun.update({
          where: { id: run.id },
          data: { updatedAt: new Date() },
        });
        touched = Date.now();
      }
      await sleep(backoffDelayMs(poll, pause));
    }
  }

  private record(job: ExchangeJob, answer: GetJobResponse): Promise<ExchangeJob> {
    this.logger.debug(`Export job ${job.exchangeJobId} ended ${answer.State}.`);
    return this.prisma.exchangeJob.update({
      where: { id: job.id },
      data: {
        state: answer.State as ExchangeJob['state'],
        errors: answer.Errors?.length
          ? (JSON.parse(JSON.stringify(answer.Errors)) as object)
          : undefined,
        finishedAt: new Date(),
      },
    });
  }
}

/** The job's own words: `CODE: message` for each of its Errors. */
export function jobFailureReason(answer: Pick<GetJobResponse, 'Id' | 'State' | 'Errors'>): string {
  const errors = (answer.Errors ?? []).map((error) => `${error.Code}: ${error.Message}`);
  return errors.length > 0
    ? errors.join('; ')
    : `export job ${answer.Id} ended ${answer.State} without an error message`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
