import { Controller, Get, Inject, Res } from '@nestjs/common';

import { DrainService } from '../shutdown/drain.service';
import { EventLoopMonitor, LivenessStatus } from './event-loop-monitor.service';
import { PROBE_TIMEOUT_MS } from './health.constants';
import { ProbeRegistry, ReadinessReport } from './probe-registry.service';

/** The part of the HTTP response the handlers touch, so no platform types leak in. */
interface StatusResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

@Controller()
export class HealthController {
  constructor(
    private readonly drain: DrainService,
    private readonly monitor: EventLoopMonitor,
    private readonly probes: ProbeRegistry,
    @Inject(PROBE_TIMEOUT_MS) private readonly probeTimeoutMs: number,
  ) {}

  /** Liveness: the process serves HTTP and its event loop is not stalled. */
  @Get('healthz')
  liveness(
    @Res({ passthrough: true }) res: StatusResponse,
  ): LivenessStatus & { status: 'ok' | 'stalled' } {
    const status = this.monitor.status();
    res.setHeader('cache-control', 'no-store');
    res.status(status.alive ? 200 : 503);
    return { status: status.alive ? 'ok' : 'stalled', ...status };
  }

  /** Readiness: every registered dependency answers and the service is not draining. */
  @Get('readyz')
  async readiness(@Res({ passthrough: true }) res: StatusResponse): Promise<ReadinessReport> {
    const report = await this.probes.evaluate({
      defaultTimeoutMs: this.probeTimeoutMs,
      draining: this.drain.draining,
    });
    res.setHeader('cache-control', 'no-store');
    res.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
