import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';

import { AlertService } from '../alerts/alert.service';
import { PublisherMetrics } from '../alerts/publisher.metrics';
import type { AppConfig } from '../app-config.schema';
import { backoffDelay, sleep } from './backoff.util';
import { nextStep, type PublishStepName } from './publish-step.util';
import { RunStepsService, StepFailedError } from './run-steps.service';
import { LeaseLostError, RunStore, utcDay } from './run.store';

/** In-process attempts of a step that failed with a possibly transient error. */
const STEP_ATTEMPTS = 3;

/**
 * Drives one claimed run through its steps: reload, execute, record, repeat, while renewing
 * the lease. A step's outcome is committed before the next step starts; a crash at any point
 * leaves the run at a step that is safe to execute again.
 */
@Injectable()
export class RunExecutorService {
  private readonly logger = new Logger(RunExecutorService.name);

  constructor(
    private readonly store: RunStore,
    private readonly steps: RunStepsService,
    private readonly config: ConfigService<AppConfig>,
    private readonly metrics: PublisherMetrics,
    private readonly alerts: AlertService,
  ) {}

  async execute(runId: string, owner: string, stopping: () => boolean): Promise<void> {
    const leaseMs = this.config.get('PUBLISHER_LEASE');
    let lost: unknown;
    const renewal = setInterval(
      () => {
        this.store.renewLease(runId, owner, leaseMs).catch((error: unknown) => {
          lost = error;
        });
      },
      Math.max(250, Math.floor(leaseMs / 3)),
    );
    try {
      for (;;) {
        if (lost) throw lost;
        const run = await this.store.load(runId);
        if (run.leaseOwner !== owner || run.status !== 'RUNNING') return;
        if (run.step === 'DONE') {
          await this.store.succeedRun(runId, owner);
          this.metrics.runsFinished.inc({ outcome: 'succeeded' });
          this.logger.log(
            `Run ${runId} (${run.dataSet.name} ${utcDay(run.day) ?? run.upload?.key}) published revision ${run.revision?.exchangeRevisionId}.`,
          );
          return;
        }
        if (stopping()) {
          await this.store.releaseLease(runId, owner);
          this.logger.log(`Run ${runId} handed back at ${run.step} (shutting down).`);
          return;
        }
        const failure = await this.executeStep(run.step, runId, owner);
        if (failure) {
          await this.fail(
            runId,
            owner,
            run.step,
            failure,
            `${run.dataSet.name} ${utcDay(run.day) ?? run.upload?.key ?? ''}`,
          );
          return;
        }
        this.crashHook('PUBLISHER_CRASH_AFTER_STEP', run.step);
      }
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      this.logger.warn(`${error.message}; another instance continues it.`);
    } finally {
      clearInterval(renewal);
    }
  }

  /** Executes a step (retrying transient errors); returns the failure that ends the run, if any. */
  private async executeStep(
    step: PublishStepName,
    runId: string,
    owner: string,
  ): Promise<{ error: Error; stepId: string } | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      const run = await this.store.load(runId);
      const row = await this.store.startStep(runId, step);
      const timer = this.metrics.stepDuration.startTimer({ step });
      try {
        const outcome = await this.steps.execute(step, {
          run,
          progress: (detail) => {
            this.store.updateStepDetail(row.id, detail).catch(() => undefined);
          },
        });
        this.crashHook('PUBLISHER_CRASH_BEFORE_RECORDING', step);
        await this.store.finishStep({
          runId,
          owner,
          stepId: row.id,
          next: nextStep(step),
          detail: outcome.detail,
          ...(outcome.run ? { run: outcome.run } : {}),
          ...(outcome.also ? { also: outcome.also } : {}),
        });
        timer({ outcome: 'succeeded' });
        return undefined;
      } catch (error) {
        timer({ outcome: 'failed' });
        this.metrics.stepFailures.inc({ step });
        if (error instanceof LeaseLostError) throw error;
        const failure = error instanceof Error ? error : new Error(String(error));
        const final = failure instanceof StepFailedError || attempt >= STEP_ATTEMPTS;
        this.logger.warn(
          `Run ${runId} step ${step} attempt ${attempt} failed: ${failure.message}${final ? '' : '; retrying'}`,
        );
        if (final) return { error: failure, stepId: row.id };
        await this.store.failStepAttempt(row.id, failure.message);
        await sleep(
          backoffDelay(
            attempt,
            this.config.get('PUBLISHER_POLL_INITIAL'),
            this.config.get('PUBLISHER_POLL_MAX'),
          ),
        );
      }
    }
  }

  private async fail(
    runId: string,
    owner: string,
    step: PublishStepName,
    failure: { error: Error; stepId: string },
    what: string,
  ): Promise<void> {
    const message = `${failure.error.name}: ${failure.error.message}`.slice(0, 4000);
    await this.store.failRun({ runId, owner, stepId: failure.stepId, step, error: message });
    this.metrics.runsFinished.inc({ outcome: 'failed' });
    await this.alerts.raise({
      kind: 'publish_failed',
      severity: 'critical',
      message: `Publish run ${runId} (${what}) failed at ${step}: ${message}. Retry with POST /runs.`,
      detail: { reason: step, runId, step },
    });
  }

  /**
   * Test hooks: die like a killed pod right after a step's outcome is recorded, or after the
   * step acted but before its outcome is recorded (the window the idempotent resume covers).
   */
  private crashHook(
    hook: 'PUBLISHER_CRASH_AFTER_STEP' | 'PUBLISHER_CRASH_BEFORE_RECORDING',
    step: PublishStepName,
  ): void {
    if (this.config.get(hook) === step) {
      this.logger.warn(`${hook}=${step}: killing this process.`);
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
