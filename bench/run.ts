import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { BenchmarkReport } from './lib/benchmark.types';
import { REQUIRED_FIGURES } from './lib/required-figures.constants';
import {
  type LatestResults,
  mergeResults,
  renderTable,
  replaceGeneratedBlock,
} from './lib/results.util';

// `npm run bench` runs every bench/*.bench.ts; `npm run bench -- NAME [NAME...]` runs some.
// Each benchmark runs in a fresh child process (tsx with bench/tsconfig.json, so
// `@tickline/<lib>` resolves to the library sources). Figures merge into
// bench/results/latest.json and the table in docs/benchmarks.md is regenerated.

const ROOT = path.resolve(__dirname, '..');
const BENCH_DIR = path.join(ROOT, 'bench');
const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');
const DOC_FILE = path.join(ROOT, 'docs', 'benchmarks.md');
const TSCONFIG = path.join(BENCH_DIR, 'tsconfig.json');

function runChild(mode: 'run' | 'meta', file: string, scratch: string): BenchmarkReport {
  const output = path.join(scratch, `${path.basename(file)}.${mode}.json`);
  const tsxCli = require.resolve('tsx/cli');
  const result = spawnSync(
    process.execPath,
    [tsxCli, '--tsconfig', TSCONFIG, path.join(BENCH_DIR, 'lib', 'child.ts'), mode, file, output],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0 || !existsSync(output)) {
    throw new Error(`${path.basename(file)} (${mode}) failed with exit code ${result.status}`);
  }
  return JSON.parse(readFileSync(output, 'utf8')) as BenchmarkReport;
}

function main(): void {
  const files = readdirSync(BENCH_DIR)
    .filter((name) => name.endsWith('.bench.ts'))
    .sort();
  const available = files.map((name) => name.replace(/\.bench\.ts$/, ''));
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark(s) ${unknown.join(', ')}; available: ${available.join(', ')}`,
    );
  }
  const selected = wanted.length > 0 ? wanted : available;

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tickline-bench-'));
  try {
    const ran: BenchmarkReport[] = [];
    for (const name of selected) {
      process.stdout.write(`\n== ${name}\n`);
      const report = runChild('run', path.join(BENCH_DIR, `${name}.bench.ts`), scratch);
      for (const [figure, value] of Object.entries(report.values ?? {})) {
        process.stdout.write(`${figure} = ${value} ${report.figures[figure]?.unit ?? ''}\n`);
      }
      ran.push(report);
    }
    // The table lists every benchmark's figures, so the ones not run this time need their metadata.
    const described = available
      .filter((name) => !selected.includes(name))
      .map((name) => runChild('meta', path.join(BENCH_DIR, `${name}.bench.ts`), scratch));

    const previous: LatestResults = existsSync(RESULTS_FILE)
      ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as LatestResults)
      : {};
    const cpus = os.cpus();
    const merged = mergeResults(
      previous,
      ran,
      { cores: cpus.length, node: process.version, cpu: cpus[0]?.model.trim() ?? 'unknown' },
      new Date().toISOString(),
      [...ran, ...described],
    );
    writeFileSync(RESULTS_FILE, `${JSON.stringify(merged, null, 2)}\n`);

    const document = existsSync(DOC_FILE) ? readFileSync(DOC_FILE, 'utf8') : '# Benchmarks\n';
    writeFileSync(
      DOC_FILE,
      replaceGeneratedBlock(document, renderTable(merged, [...ran, ...described])),
    );
    process.stdout.write(
      `\nWrote ${path.relative(ROOT, RESULTS_FILE)} and ${path.relative(ROOT, DOC_FILE)}\n`,
    );
    if (wanted.length === 0) {
      const produced = new Set(ran.flatMap((report) => Object.keys(report.values ?? {})));
      const missing = REQUIRED_FIGURES.filter((figure) => !produced.has(figure));
      if (missing.length > 0) {
        throw new Error(`this run produced no value for ${missing.join(', ')}`);
      }
      process.stdout.write(`All ${REQUIRED_FIGURES.length} goal figures produced in this run.\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
