import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService, DRAIN_ORDER, DrainService, ProbeRegistry } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { MappingSyncService } from '../mapping/mapping-sync.service';
import { sleep } from './backoff.util';
import { RunExecutorService } from './run-executor.service';
import { RunStore } from './run.store';

/**
 * Syncs the mapping at start, then polls PostgreSQL for runs to start or resume (pending ones,
 * and running ones whose lease ran out because their instance died) and executes up to
 * PUBLISHER_CONCURRENCY of them. On shutdown it stops claiming and hands running runs back
 * between steps.
 */
@Injectable()
export class RunWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunWorkerService.name);
  readonly owner: string;
  private readonly active = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private synced = false;
  private resolveReady!: () => void;
  /** Resolves once the mapping is in PostgreSQL and the exchange. */
  readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));

  constructor(
    private readonly store: RunStore,
    private readonly executor: RunExecutorService,
    private readonly mappingSync: MappingSyncService,
    private readonly config: ConfigService<AppConfig>,
    drain: DrainService,
    probes: ProbeRegistry,
  ) {
    this.owner = `${config.get('HOSTNAME') ?? hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    drain.register('publish runs', () => this.drain(), { order: DRAIN_ORDER.stopIntake });
    probes.register({
      name: 'mapping',
      check: () =>
        this.synced ? Promise.resolve() : Promise.reject(new Error('mapping not synced yet')),
    });
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt += 1) {
      try {
        await this.mappingSync.sync();
        break;
      } catch (error) {
        this.logger.error(
          `Mapping sync failed (attempt ${attempt + 1}), retrying in 10 s: ${(error as Error).message}`,
        );
        await sleep(10_000);
      }
    }
    if (this.stopping) return;
    this.synced = true;
    this.resolveReady();
    this.logger.log(`Publish worker ${this.owner} started.`);
    this.schedule(0);
  }

  /** Looks for work now instead of at the next poll (a run was just created). */
  wake(): void {
    if (this.synced && !this.stopping) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    try {
      const free = this.config.get('PUBLISHER_CONCURRENCY') - this.active.size;
      if (free > 0) {
        const claimed = await this.store.claim(
          this.owner,
          this.config.get('PUBLISHER_LEASE'),
          free,
          new Set(this.active.keys()),
        );
        for (const runId of claimed) this.launch(runId);
      }
    } catch (error) {
      this.logger.error(`Looking for publish runs failed: ${(error as Error).message}`);
    }
    this.schedule(this.config.get('PUBLISHER_WORKER_POLL_INTERVAL'));
  }

  private launch(runId: string): void {
    this.logger.log(`Run ${runId} claimed by ${this.owner}.`);
    const execution = this.executor
      .execute(runId, this.owner, () => this.stopping)
      .catch((error: unknown) => {
        this.logger.error(`Run ${runId} stopped unexpectedly: ${(error as Error).message}`);
        return this.store.releaseLease(runId, this.owner).catch(() => undefined);
      })
      .finally(() => {
        this.active.delete(runId);
        this.wake();
      });
    this.active.set(runId, execution);
  }

  private async drain(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.active.values()]);
  }

  onModuleDestroy(): void {
    this.stopping = true;
    clearTimeout(this.timer);
  }
}
