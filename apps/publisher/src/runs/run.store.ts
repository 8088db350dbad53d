import { Injectable } from '@nestjs/common';
import { isUniqueConstraintViolation, Prisma, PrismaService } from '@tickline/db';

import { type PublishStepName, retryStep } from './publish-step.util';
import type { RunSummary } from './runs.schemas';

export const RUN_INCLUDE = {
  dataSet: { include: { products: { include: { product: true } } } },
  revision: { include: { changeSets: { include: { product: true } }, jobs: true } },
  upload: true,
} satisfies Prisma.PublishRunInclude;
export type LoadedRun = Prisma.PublishRunGetPayload<{ include: typeof RUN_INCLUDE }>;

/** The lease was taken over (it ran out): this instance must stop working on the run. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`Lost the lease of run ${runId}`);
    this.name = 'LeaseLostError';
  }
}

export const utcDay = (day: Date | null): string | null =>
  day ? day.toISOString().slice(0, 10) : null;
export const dayDate = (day: string): Date => new Date(`${day}T00:00:00Z`);

export function runSummary(
  run: Prisma.PublishRunGetPayload<{ include: { dataSet: true } }>,
  outcome?: RunSummary['outcome'],
): RunSummary {
  return {
    id: run.id,
    dataSet: run.dataSet.name,
    day: utcDay(run.day),
    generation: run.generation,
    forced: run.forced,
    forceReason: run.forceReason,
    status: run.status,
    step: run.step,
    ...(outcome ? { outcome } : {}),
  };
}

/**
 * Publish runs in PostgreSQL: creation (one per data set, day and generation), leases, and the
 * step log. Every write that moves a run is guarded by the caller's lease.
 */
@Injectable()
export class RunStore {
  constructor(readonly prisma: PrismaService) {}

  /**
   * The regular run of a day, created once. An existing run is returned as it is (a day is
   * not published twice), a failed one is resumed; `force` adds generation N+1 on purpose.
   */
  async ensureDayRun(
    dataSetId: string,
    day: string,
    force: { reason: string } | undefined,
  ): Promise<RunSummary> {
    const date = dayDate(day);
    for (let attempt = 0; ; attempt += 1) {
      const existing = await this.prisma.publishRun.findMany({
        where: { dataSetId, day: date },
        orderBy: { generation: 'desc' },
        include: { dataSet: true },
      });
      try {
        if (force !== undefined && existing.length > 0) {
          const created = await this.prisma.publishRun.create({
            data: {
              dataSetId,
              day: date,
              generation: (existing[0]?.generation ?? 0) + 1,
              forced: true,
              forceReason: force.reason,
            },
            include: { dataSet: true },
          });
          return runSummary(created, 'created');
        }
        const regular = existing.find((run) => run.generation === 0);
        if (regular === undefined) {
          const created = await this.prisma.publishRun.create({
            data: {
              dataSetId,
              day: date,
              generation: 0,
              ...(force ? { forceReason: force.reason } : {}),
            },
            include: { dataSet: true },
          });
          return runSummary(created, 'created');
        }
        if (regular.status === 'FAILED')
          return runSummary(await this.resume(regular.id), 'retried');
        return runSummary(regular, 'existing');
      } catch (error) {
        // Another instance created the same generation first: look again.
        if (!isUniqueConstraintViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  /** A failed run goes back to PENDING at the step it failed (see retryStep). */
  async resume(runId: string) {
    const run = await this.prisma.publishRun.findUniqueOrThrow({ where: { id: runId } });
    return this.prisma.publishRun.update({
      where: { id: runId },
      data: {
        status: 'PENDING',
        step: retryStep(run.step),
        error: null,
        finishedAt: null,
        leaseOwner: null,
        leaseExpiresAt: null,
      },
      include: { dataSet: true },
    });
  }

  /**
   * Claims up to `limit` runs that are pending, or running with a lease that ran out (their
   * instance died). The conditional UPDATE is the lock: of two instances, one gets count 1.
   */
  async claim(
    owner: string,
    leaseMs: number,
    limit: number,
    exclude: ReadonlySet<string>,
  ): Promise<string[]> {
    const now = new Date();
    const claimable: Prisma.PublishRunWhereInput = {
      status: { in: ['PENDING', 'RUNNING'] },
      OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
    };
    const candidates = await this.prisma.publishRun.findMany({
      where: { ...claimable, id: { notIn: [...exclude] } },
      orderBy: [{ day: 'asc' }, { createdAt: 'asc' }],
      take: limit * 2,
      select: { id: true },
    });
    const claimed: string[] = [];
    for (const { id } of candidates) {
      if (claimed.length >= limit) break;
      const { count } = await this.prisma.publishRun.updateMany({
        where: { id, ...claimable },
        data: {
          leaseOwner: owner,
          leaseExpiresAt: new Date(Date.now() + leaseMs),
          status: 'RUNNING',
          attempts: { increment: 1 },
        },
      });
      if (count === 1) claimed.push(id);
    }
    for (const id of claimed) {
      await this.prisma.publishRun.updateMany({
        where: { id, startedAt: null },
        data: { startedAt: new Date() },
      });
    }
    return claimed;
  }

  async renewLease(runId: string, owner: string, leaseMs: number): Promise<void> {
    const { count } = await this.prisma.publishRun.updateMany({
      where: { id: runId, leaseOwner: owner, status: 'RUNNING' },
      data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
    });
    if (count !== 1) throw new LeaseLostError(runId);
  }

  /** Hands a run back (graceful shutdown): another instance may claim it at once. */
  async releaseLease(runId: string, owner: string): Promise<void> {
    await this.prisma.publishRun.updateMany({
      where: { id: runId, leaseOwner: owner },
      data: { leaseOwner: null, leaseExpiresAt: null },
    });
  }

  load(runId: string): Promise<LoadedRun> {
    return this.prisma.publishRun.findUniqueOrThrow({ where: { id: runId }, include: RUN_INCLUDE });
  }

  async startStep(runId: string, step: PublishStepName): Promise<{ id: string; startedAt: Date }> {
    const previous = await this.prisma.publishRunStep.count({
      where: { publishRunId: runId, step },
    });
    return this.prisma.publishRunStep.create({
      data: { publishRunId: runId, step, attempt: previous + 1 },
      select: { id: true, startedAt: true },
    });
  }

  async updateStepDetail(stepId: string, detail: Prisma.InputJsonValue): Promise<void> {
    await this.prisma.publishRunStep.update({ where: { id: stepId }, data: { detail } });
  }

  /**
   * Records a step's success and moves the run to `next` in one transaction, only while the
   * lease is ours; `also` writes the step's own records (revision, job, ...) in the same
   * transaction, so the outcome and the position can never disagree.
   */
  async finishStep(request: {
    runId: string;
    owner: string;
    stepId: string;
    next: PublishStepName;
    detail: Prisma.InputJsonValue;
    run?: Prisma.PublishRunUpdateManyMutationInput;
    also?: (tx: Prisma.TransactionClient) => Promise<unknown>;
  }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.publishRun.updateMany({
        where: { id: request.runId, leaseOwner: request.owner, status: 'RUNNING' },
        data: { ...request.run, step: request.next },
      });
      if (count !== 1) throw new LeaseLostError(request.runId);
      await request.also?.(tx);
      await tx.publishRunStep.update({
        where: { id: request.stepId },
        data: { status: 'SUCCEEDED', finishedAt: new Date(), detail: request.detail },
      });
    });
  }

  async failStepAttempt(stepId: string, error: string): Promise<void> {
    await this.prisma.publishRunStep.update({
      where: { id: stepId },
      data: { status: 'FAILED', finishedAt: new Date(), error },
    });
  }

  async failRun(request: {
    runId: string;
    owner: string;
    stepId: string | undefined;
    step: PublishStepName;
    error: string;
  }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      if (request.stepId) {
        await tx.publishRunStep.update({
          where: { id: request.stepId },
          data: { status: 'FAILED', finishedAt: new Date(), error: request.error },
        });
      }
      await tx.publishRun.updateMany({
        where: { id: request.runId, leaseOwner: request.owner },
        data: {
          status: 'FAILED',
          error: request.error,
          finishedAt: new Date(),
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
      await tx.publishUpload.updateMany({
        where: { publishRunId: request.runId },
        data: { status: 'FAILED', reason: request.error },
      });
    });
  }

  async succeedRun(runId: string, owner: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.publishRun.updateMany({
        where: { id: runId, leaseOwner: owner, status: 'RUNNING' },
        data: {
          status: 'SUCCEEDED',
          step: 'DONE',
          finishedAt: new Date(),
          error: null,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
      if (count !== 1) throw new LeaseLostError(runId);
      await tx.publishUpload.updateMany({
        where: { publishRunId: runId },
        data: { status: 'PUBLISHED', reason: null },
      });
    });
  }
}
