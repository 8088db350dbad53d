import { randomUUID } from 'node:crypto';

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { DRAIN_ORDER, DrainService } from '@tickline/service-kit';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { ChangeSet, Prisma } from '../generated/prisma/client';
import { JobWakeUp } from '../jobs/job-wake-up.service';
import { PrismaService } from '../persistence/prisma.service';
import { PublishingService } from '../publishing/publishing.service';

import type { ChangeSummary } from './change-set.presenter';
import { ChangeSetWakeUp } from './change-set-wake-up.service';
import {
  ChangeValidation,
  type ValidationOutcome,
  type ValidChange,
} from './change-validation.service';

type Tx = Prisma.TransactionClient;

/**
 * Takes change sets through PREPARING -> APPLYING -> SUCCEEDED, or FAILED with CLIENT_ERROR and
 * each failing change's ErrorDetailList. All changes are validated before any is applied, and
 * they are applied in one transaction, so a change set is applied completely or not at all.
 * Change sets are claimed with a lease like jobs, so a restart picks unfinished ones up again.
 */
@Injectable()
export class ChangeSetRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeSetRunner.name);
  private readonly owner = `change-sets-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly prisma: PrismaService,
    private readonly validation: ChangeValidation,
    private readonly publishing: PublishingService,
    private readonly wakeUp: ChangeSetWakeUp,
    private readonly jobWakeUp: JobWakeUp,
    private readonly drains: DrainService,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.drains.register('change-set-runner', () => this.stop(), { order: DRAIN_ORDER.stopIntake });
    this.stopped = false;
    this.unsubscribe = this.wakeUp.subscribe(() => this.poll());
    this.timer = setInterval(() => this.poll(), this.config.worker.pollIntervalMs);
    this.poll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.current;
  }

  private poll(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.drain()
      .catch((error: unknown) =>
        this.logger.error(`Processing change sets failed: ${(error as Error).message}`),
      )
      .finally(() => {
        this.current = undefined;
        if (this.again) {
          this.again = false;
          this.poll();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const changeSet = await this.claim();
      if (!changeSet) return;
      try {
        await this.process(changeSet);
      } catch (error) {
        this.logger.error(
          `Change set ${changeSet.id} failed unexpectedly.`,
          (error as Error).stack,
        );
        await this.finish(this.prisma, changeSet.id, {
          status: 'FAILED',
          failureCode: 'SERVER_FAULT',
          failureDescription: 'An internal error occurred while applying the change set.',
        });
      }
    }
  }

  private async claim(): Promise<ChangeSet | undefined> {
    const leaseSeconds = this.config.worker.leaseMs / 1000;
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE change_sets
         SET lease_owner = ${this.owner}, lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
       WHERE id = (
         SELECT id FROM change_sets
          WHERE status IN ('PREPARING', 'APPLYING') AND (lease_expires_at IS NULL OR lease_expires_at < now())
          ORDER BY start_time, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    const id = rows[0]?.id;
    return id ? this.prisma.changeSet.findUniqueOrThrow({ where: { id } }) : undefined;
  }

  private async process(claimed: ChangeSet): Promise<void> {
    if (claimed.status === 'PREPARING') {
      const next = await this.prisma.$transaction(async (tx) => {
        const changeSet = await this.lockOwned(tx, claimed.id);
        if (!changeSet || changeSet.status !== 'PREPARING') return 'stop';
        const checked = await this.validateAll(tx, changeSet);
        if (!checked.ok) {
          await this.fail(tx, changeSet, checked.changes);
          return 'stop';
        }
        if (changeSet.intent === 'VALIDATE') {
          await this.finish(tx, changeSet.id, { status: 'SUCCEEDED' });
          return 'stop';
        }
        await tx.changeSet.update({ where: { id: changeSet.id }, data: { status: 'APPLYING' } });
        return 'apply';
      });
      if (next === 'stop') return;
    }
    const startedJobs = await this.prisma.$transaction(async (tx) => {
      const changeSet = await this.lockOwned(tx, claimed.id);
      if (!changeSet || changeSet.status !== 'APPLYING') return 0;
      const checked = await this.validateAll(tx, changeSet);
      if (!checked.ok) {
        await this.fail(tx, changeSet, checked.changes);
        return 0;
      }
      let jobs = 0;
      for (const change of checked.valid) jobs += await this.apply(tx, change);
      for (const productId of new Set(checked.valid.map((change) => change.product.id))) {
        await tx.product.update({ where: { id: productId }, data: { version: { increment: 1 } } });
      }
      await this.finish(tx, changeSet.id, { status: 'SUCCEEDED' });
      return jobs;
    });
    if (startedJobs > 0) this.jobWakeUp.nudge();
    this.logger.log(`Change set ${claimed.id} processed.`);
  }

  private async validateAll(
    tx: Tx,
    changeSet: ChangeSet,
  ): Promise<{ ok: true; valid: ValidChange[] } | { ok: false; changes: ChangeSummary[] }> {
    const changes = changeSet.changes as unknown as ChangeSummary[];
    const outcomes: ValidationOutcome[] = [];
    for (const change of changes)
      outcomes.push(await this.validation.validate(tx, changeSet.accountId, change));
    const valid = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.change] : []));
    if (valid.length === changes.length) return { ok: true, valid };
    return {
      ok: false,
      changes: changes.map((change, index) => {
        const outcome = outcomes[index];
        return { ...change, ErrorDetailList: outcome && !outcome.ok ? outcome.errors : [] };
      }),
    };
  }

  private async apply(tx: Tx, change: ValidChange): Promise<number> {
    let jobs = 0;
    if (change.kind === 'AddRevisions') {
      for (const revision of change.revisions) {
        jobs += (
          await this.publishing.publishRevision(tx, change.product, change.dataSet, revision)
        ).startedJobIds.length;
      }
    } else {
      for (const dataSet of change.dataSets) {
        jobs += (await this.publishing.addDataSet(tx, change.product, dataSet)).startedJobIds
          .length;
      }
    }
    return jobs;
  }

  private async fail(tx: Tx, changeSet: ChangeSet, changes: ChangeSummary[]): Promise<void> {
    const failing = changes.filter((change) => change.ErrorDetailList.length > 0).length;
    await tx.changeSet.update({
      where: { id: changeSet.id },
      data: { changes: changes as unknown as Prisma.InputJsonValue },
    });
    await this.finish(tx, changeSet.id, {
      status: 'FAILED',
      failureCode: 'CLIENT_ERROR',
      failureDescription: `${failing} of ${changes.length} change(s) failed validation; see each change's ErrorDetailList.`,
    });
  }

  private async finish(
    db: Tx | PrismaService,
    changeSetId: string,
    outcome: { status: 'FAILED' | 'SUCCEEDED'; failureCode?: string; failureDescription?: string },
  ): Promise<void> {
    await db.changeSet.update({
      where: { id: changeSetId },
      data: {
        endTime: new Date(),
        failureCode: outcome.failureCode ?? null,
        failureDescription: outcome.failureDescription ?? null,
        leaseExpiresAt: null,
        leaseOwner: null,
        status: outcome.status,
      },
    });
  }

  private async lockOwned(tx: Tx, changeSetId: string): Promise<ChangeSet | undefined> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM change_sets WHERE id = ${changeSetId} AND lease_owner = ${this.owner} FOR UPDATE`;
    if (rows.length === 0) return undefined;
    return tx.changeSet.findUniqueOrThrow({ where: { id: changeSetId } });
  }
}
