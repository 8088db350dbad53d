import { Injectable } from '@nestjs/common';

/** One dependency the service needs to do its work (Kafka, PostgreSQL, S3, ...). */
export interface ReadinessProbe {
  /** Named in the /readyz body, so an operator sees which dependency is down. */
  name: string;
  /** Resolves when the dependency answers; rejects (or exceeds the timeout) otherwise. */
  check: () => Promise<unknown>;
  /** Overrides HEALTH_PROBE_TIMEOUT for this probe. */
  timeoutMs?: number;
}

export interface ProbeResult {
  status: 'up' | 'down';
  durationMs: number;
  error?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready' | 'draining';
  /** Names of the probes that did not answer, in registration order. */
  failing: string[];
  checks: Record<string, ProbeResult>;
}

/** Modules register their dependency probes here; /readyz runs them all. */
@Injectable()
export class ProbeRegistry {
  private readonly probes = new Map<string, ReadinessProbe>();

  /** Returns a function that unregisters the probe. */
  register(probe: ReadinessProbe): () => void {
    if (this.probes.has(probe.name)) {
      throw new Error(`A readiness probe named "${probe.name}" is already registered.`);
    }
    this.probes.set(probe.name, probe);
    return () => {
      if (this.probes.get(probe.name) === probe) {
        this.probes.delete(probe.name);
      }
    };
  }

  names(): string[] {
    return [...this.probes.keys()];
  }

  /**
   * Runs every probe concurrently, each bounded by its timeout. While draining, the service is
   * not ready whatever its dependencies say, and probes are skipped: they may be closing.
   */
  async evaluate(options: {
    defaultTimeoutMs: number;
    draining: boolean;
  }): Promise<ReadinessReport> {
    if (options.draining) {
      return { status: 'draining', failing: [], checks: {} };
    }
    const probes = [...this.probes.values()];
    const results = await Promise.all(
      probes.map((probe) => runProbe(probe, probe.timeoutMs ?? options.defaultTimeoutMs)),
    );
    const checks: Record<string, ProbeResult> = {};
    const failing: string[] = [];
    probes.forEach((probe, index) => {
      const result = results[index] as ProbeResult;
      checks[probe.name] = result;
      if (result.status === 'down') {
        failing.push(probe.name);
      }
    });
    return { status: failing.length === 0 ? 'ready' : 'not_ready', failing, checks };
  }
}

async function runProbe(probe: ReadinessProbe, timeoutMs: number): Promise<ProbeResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(probe.check), timeout]);
    return { status: 'up', durationMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', durationMs: Date.now() - started, error: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return describeError(error.errors[0]);
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message || error.name;
    return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error);
}
