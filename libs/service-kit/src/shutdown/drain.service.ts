import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { DRAIN_TIMEOUT_MS } from './shutdown.constants';

export interface DrainOptions {
  /** Lower runs first; equal orders run in registration order. Default 100. */
  order?: number;
  /** Overrides SHUTDOWN_DRAIN_TIMEOUT for this callback. */
  timeoutMs?: number;
}

export type DrainOutcome = 'drained' | 'failed' | 'timed-out';

export interface DrainReport {
  name: string;
  outcome: DrainOutcome;
  durationMs: number;
  error?: string;
}

interface DrainEntry {
  name: string;
  callback: () => Promise<void> | void;
  order: number;
  sequence: number;
  timeoutMs: number;
}

/** Conventional orders: stop taking work first, then flush what was taken, then release. */
export const DRAIN_ORDER = { stopIntake: 10, flush: 50, release: 90 } as const;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Work a service must finish before its connections close: stop consumers (which commits their
 * offsets), flush batches, hand back leases. Callbacks run one after another, each bounded by a
 * timeout so one stuck callback cannot eat the whole termination grace period; a failure or
 * timeout is logged and the next callback still runs.
 */
@Injectable()
export class DrainService {
  private readonly logger = new Logger(DrainService.name);
  private readonly entries: DrainEntry[] = [];
  private drainPromise: Promise<DrainReport[]> | undefined;

  constructor(
    @Optional()
    @Inject(DRAIN_TIMEOUT_MS)
    private readonly defaultTimeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {}

  /** Registers a callback; returns a function that unregisters it. */
  register(
    name: string,
    callback: () => Promise<void> | void,
    options: DrainOptions = {},
  ): () => void {
    const entry: DrainEntry = {
      name,
      callback,
      order: options.order ?? 100,
      sequence: this.entries.length,
      timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
    };
    this.entries.push(entry);
    return () => {
      const index = this.entries.indexOf(entry);
      if (index >= 0) {
        this.entries.splice(index, 1);
      }
    };
  }

  /** True from the moment draining starts; readiness reports not-ready from then on. */
  get draining(): boolean {
    return this.drainPromise !== undefined;
  }

  /** Runs every callback once, in order; later calls return the first run's result. */
  drain(reason = 'shutdown'): Promise<DrainReport[]> {
    this.drainPromise ??= this.runAll(reason);
    return this.drainPromise;
  }

  private async runAll(reason: string): Promise<DrainReport[]> {
    const ordered = [...this.entries].sort((a, b) => a.order - b.order || a.sequence - b.sequence);
    this.logger.log(`Draining ${ordered.length} callback(s) before ${reason}.`);
    const reports: DrainReport[] = [];
    for (const entry of ordered) {
      const report = await this.runOne(entry);
      reports.push(report);
      if (report.outcome === 'drained') {
        this.logger.log(`Drained ${entry.name} in ${report.durationMs} ms.`);
      } else {
        this.logger.error(
          `Drain of ${entry.name} ${report.outcome === 'failed' ? 'failed' : 'gave up'}: ${report.error}; moving on.`,
        );
      }
    }
    return reports;
  }

  private async runOne(entry: DrainEntry): Promise<DrainReport> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timed-out'>((resolve) => {
      timer = setTimeout(() => resolve('timed-out'), entry.timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        Promise.resolve()
          .then(entry.callback)
          .then(() => 'drained' as const),
        timeout,
      ]);
      const durationMs = Date.now() - started;
      return outcome === 'drained'
        ? { name: entry.name, outcome, durationMs }
        : {
            name: entry.name,
            outcome,
            durationMs,
            error: `did not finish within ${entry.timeoutMs} ms`,
          };
    } catch (error) {
      return {
        name: entry.name,
        outcome: 'failed',
        durationMs: Date.now() - started,
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
