/**
 * Liveness of one connection by the venue's heartbeat policy: any frame or protocol pong
 * proves it alive; after `staleAfterMs` without one it is stale. Pure: the caller passes time.
 */
export class HeartbeatWatchdog {
  private lastSeenMs: number;

  constructor(
    private readonly staleAfterMs: number,
    nowMs: number,
  ) {
    this.lastSeenMs = nowMs;
  }

  touch(nowMs: number): void {
    this.lastSeenMs = nowMs;
  }

  silentForMs(nowMs: number): number {
    return nowMs - this.lastSeenMs;
  }

  isStale(nowMs: number): boolean {
    return this.silentForMs(nowMs) > this.staleAfterMs;
  }

  /** How often to check: often enough to notice staleness within a tenth of the limit. */
  checkIntervalMs(): number {
    return Math.max(50, Math.floor(this.staleAfterMs / 10));
  }
}
