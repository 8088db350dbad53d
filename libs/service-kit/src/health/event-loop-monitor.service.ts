import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';

/** The part of node's IntervalHistogram the monitor uses (nanoseconds). */
export interface DelayHistogram {
  readonly max: number;
  enable(): boolean;
  disable(): boolean;
  reset(): void;
}

export interface LivenessStatus {
  alive: boolean;
  /** Longest event loop stall seen in the current or previous window. */
  eventLoopDelayMs: number;
  maxEventLoopDelayMs: number;
}

const WINDOW_MS = 5_000;

/**
 * Liveness beyond "the process answers": a loop stalled by CPU-bound work or a sync call
 * longer than HEALTH_MAX_EVENT_LOOP_DELAY makes /healthz fail, so the orchestrator restarts a
 * process that keeps wedging instead of waiting for it forever. Provided by HealthModule's
 * factory (the histogram is injectable for tests).
 */
export class EventLoopMonitor implements OnModuleInit, OnModuleDestroy {
  private readonly histogram: DelayHistogram;
  private previousWindowMaxMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxDelayMs: number,
    histogram?: DelayHistogram,
  ) {
    this.histogram = histogram ?? monitorEventLoopDelay({ resolution: 20 });
  }

  onModuleInit(): void {
    this.histogram.enable();
    this.timer = setInterval(() => this.rollWindow(), WINDOW_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  /** Closes the current window: its maximum is remembered, the histogram starts afresh. */
  rollWindow(): void {
    this.previousWindowMaxMs = this.histogram.max / 1e6;
    this.histogram.reset();
  }

  status(): LivenessStatus {
    const eventLoopDelayMs = Math.round(
      Math.max(this.previousWindowMaxMs, this.histogram.max / 1e6),
    );
    return {
      alive: eventLoopDelayMs < this.maxDelayMs,
      eventLoopDelayMs,
      maxEventLoopDelayMs: this.maxDelayMs,
    };
  }
}
