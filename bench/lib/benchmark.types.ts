/** What a benchmark file (`bench/<name>.bench.ts`) exports as its default. */
export interface Benchmark {
  /** The file stem: `npm run bench -- <name>` runs this benchmark alone. */
  readonly name: string;
  readonly description: string;
  /** The command that reproduces the figures; defaults to `npm run bench -- <name>`. */
  readonly command?: string;
  /** Every figure `run()` reports, with its unit and optional goal. */
  readonly figures: Readonly<Record<string, FigureSpec>>;
  run(): Promise<Record<string, number>>;
}

export interface FigureSpec {
  /** e.g. `events/s`, `ms`, `MB/s`. */
  readonly unit: string;
  /** A target to meet, e.g. `{ min: 100_000 }` for a throughput. */
  readonly goal?: { readonly min?: number; readonly max?: number };
  readonly description?: string;
}

/** Identity helper that type-checks a benchmark definition. */
export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}

/** What the child process hands back to the runner. */
export interface BenchmarkReport {
  readonly name: string;
  readonly description: string;
  readonly command: string;
  readonly figures: Readonly<Record<string, FigureSpec>>;
  /** Absent when only the metadata was asked for. */
  readonly values?: Readonly<Record<string, number>>;
}
