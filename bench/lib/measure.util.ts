export interface ThroughputOptions {
  /** Time spent running the operation before measuring, so the JIT has settled. */
  readonly warmupMs?: number;
  /** How many timed runs; the median is reported. */
  readonly runs?: number;
  readonly runMs?: number;
  /** Operations between two clock reads, to keep timer cost out of the figure. */
  readonly batch?: number;
}

export interface ThroughputResult {
  readonly medianPerSecond: number;
  readonly perSecondByRun: readonly number[];
}

let sink = 0;

/**
 * Runs `operation(i)` for `i = 0, 1, 2, ...` and reports operations per second: the median of
 * several timed runs after a warm-up. Results are folded into a sink so the work cannot be
 * optimized away.
 */
export function measureThroughput(
  operation: (i: number) => unknown,
  options: ThroughputOptions = {},
): ThroughputResult {
  const { warmupMs = 1_000, runs = 5, runMs = 1_000, batch = 1_000 } = options;
  let i = 0;
  const runFor = (ms: number): number => {
    const start = performance.now();
    let done = 0;
    let elapsed = 0;
    do {
      for (let k = 0; k < batch; k++) {
        if (operation(i++)) sink++;
      }
      done += batch;
      elapsed = performance.now() - start;
    } while (elapsed < ms);
    return (done * 1_000) / elapsed;
  };
  runFor(warmupMs);
  const perSecondByRun: number[] = [];
  for (let r = 0; r < runs; r++) perSecondByRun.push(runFor(runMs));
  return { medianPerSecond: median(perSecondByRun), perSecondByRun };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The value at quantile `q` of ascending `sorted` (nearest rank below); NaN when empty. */
export function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Keeps the sink observable (the runner logs it) so no engine can prove it dead. */
export function sinkValue(): number {
  return sink;
}
