import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Benchmark, BenchmarkReport } from './benchmark.types';
import { sinkValue } from './measure.util';

// Runs in its own process, one per benchmark, so one benchmark's JIT state and heap never
// colour another's figures. Usage: child.ts <run|meta> <bench file> <output json file>.

async function main(): Promise<void> {
  const [mode, file, output] = process.argv.slice(2);
  if ((mode !== 'run' && mode !== 'meta') || !file || !output) {
    throw new Error('usage: child.ts <run|meta> <bench file> <output file>');
  }
  const loaded = (await import(path.resolve(file))) as { default?: Benchmark };
  const benchmark = loaded.default;
  const stem = path.basename(file).replace(/\.bench\.ts$/, '');
  if (!benchmark || typeof benchmark.run !== 'function') {
    throw new Error(`${file} must export default defineBenchmark({...})`);
  }
  if (benchmark.name !== stem) {
    throw new Error(
      `${file} declares name "${benchmark.name}"; it must match the file stem "${stem}"`,
    );
  }
  const report: BenchmarkReport = {
    name: benchmark.name,
    description: benchmark.description,
    command: benchmark.command ?? `npm run bench -- ${benchmark.name}`,
    figures: benchmark.figures,
  };
  if (mode === 'run') {
    const values = await benchmark.run();
    const declared = new Set(Object.keys(benchmark.figures));
    for (const [figure, value] of Object.entries(values)) {
      if (!declared.has(figure)) throw new Error(`${stem} reported undeclared figure ${figure}`);
      if (!Number.isFinite(value)) throw new Error(`${stem} reported ${figure} = ${value}`);
    }
    writeFileSync(output, JSON.stringify({ ...report, values }));
    process.stderr.write(`(sink ${sinkValue()})\n`);
  } else {
    writeFileSync(output, JSON.stringify(report));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
