import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import {
  buildLakeKey,
  type LakeKeyParts,
  type ReplicaNeutralEnvelope,
  type System,
} from '@tickline/domain';
import { mergeDay, type MergeInputObject } from '@tickline/publishing';

import { defineBenchmark } from './lib/benchmark.types';
import { median } from './lib/measure.util';
import { mulberry32 } from './lib/seeded-random.util';

// The daily publishing merge from local gzip NDJSON minute objects (as staged from the lake) to
// the sorted, deduplicated gzip CSV with sha256 and manifest, against DuckDB running the same
// query (read_json over the same files, dedupe on the natural key, order by exchange time then
// sequence, COPY to gzip CSV). The day: Coinbase trades of 8 markets over 120 minutes, 600,000
// distinct trades; the primary has all but 3% of the minutes, the replica misses every 10th
// trade and 5% of the minutes, so ~1.1 million input lines give ~600,000 output rows. Figures
// are output rows per second of wall time; file generation is outside the timing. Both sides
// run in this process (DuckDB's threads are native threads of it), so the process CPU time of
// a run is also reported: on a shared machine it moves far less than wall time. The two files
// must hold the same rows in the same order (compared as decompressed text).

const MARKETS = [
  'BTC-USD',
  'ETH-USD',
  'SOL-USD',
  'XRP-USD',
  'ADA-USD',
  'DOGE-USD',
  'LTC-USD',
  'DOT-USD',
];
const MINUTES = 120;
const PER_MARKET_MINUTE = 625;
const RUNS = 5;
const DAY = '2026-11-26';
const DAY_START = Date.UTC(2026, 10, 26) * 1000;
const MINUTE_US = 60_000_000;

interface Staged {
  readonly dir: string;
  readonly objects: MergeInputObject[];
}

function stage(): Staged {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'publish-merge-'));
  const random = mulberry32(11);
  const objects: MergeInputObject[] = [];
  for (const [m, market] of MARKETS.entries()) {
    for (let minute = 0; minute < MINUTES; minute++) {
      const events: ReplicaNeutralEnvelope[] = [];
      let t = DAY_START + minute * MINUTE_US;
      for (let i = 0; i < PER_MARKET_MINUTE; i++) {
        t += Math.floor(random() * 190);
        events.push({
          v: 1,
          venue: 'coinbase',
          symbol: market,
          market,
          type: 'trade',
          exchangeTimeUs: t,
          seqId: 50_000_000 + minute * PER_MARKET_MINUTE + i,
          system: 'primary',
          payload: {
            price: (1000 + m * 7 + random() * 5).toFixed(2),
            size: random().toFixed(8),
            side: random() < 0.5 ? 'buy' : 'sell',
            tradeId: String(700_000_000 + minute * PER_MARKET_MINUTE + i),
          },
        });
      }
      for (const system of ['primary', 'replica'] as const satisfies readonly System[]) {
        const skip = system === 'primary' ? random() < 0.03 : random() < 0.05;
        if (skip) continue;
        const lines = events
          .filter((_, i) => system === 'primary' || i % 10 !== 3)
          .map((event) => JSON.stringify({ ...event, system }));
        const parts: LakeKeyParts = {
          system,
          type: 'trade',
          venue: 'coinbase',
          market,
          windowStartUs: DAY_START + minute * MINUTE_US,
        };
        const key = buildLakeKey(parts);
        const file = path.join(dir, key);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
        objects.push({ key, parts, load: () => readFile(file) });
      }
    }
  }
  return { dir, objects };
}

interface Timed {
  readonly rows: number;
  readonly seconds: number;
  /** Process CPU seconds (user + system) during the run, all threads. */
  readonly cpuSeconds: number;
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function runOurs(staged: Staged, out: string): Promise<Timed> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const manifest = await mergeDay({
    dataSet: 'coinbase-trades',
    venue: 'coinbase',
    type: 'trade',
    day: DAY,
    objects: staged.objects,
    sink: createWriteStream(out),
  });
  const seconds = (performance.now() - start) / 1000;
  return { rows: manifest.file.rows, seconds, cpuSeconds: cpuSecondsSince(cpu) };
}

const DUCKDB_QUERY = (dir: string, out: string): string => `
COPY (
  SELECT
    strftime(make_timestamp(exchangeTimeUs), '%Y-%m-%dT%H:%M:%S.%fZ') AS exchange_time,
    exchangeTimeUs AS exchange_time_us, venue, symbol, market,
    payload.tradeId AS trade_id, payload.side AS side, payload.price AS price,
    payload.size AS size, seqId AS seq_id
  FROM read_json('${dir}/raw/*/trade/coinbase/*/*/*/*/*.ndjson.gz',
    format = 'newline_delimited', compression = 'gzip',
    columns = {venue: 'VARCHAR', symbol: 'VARCHAR', market: 'VARCHAR', exchangeTimeUs: 'BIGINT',
      seqId: 'BIGINT', system: 'VARCHAR',
      payload: 'STRUCT(price VARCHAR, size VARCHAR, side VARCHAR, tradeId VARCHAR)'})
  QUALIFY row_number() OVER (PARTITION BY symbol, payload.tradeId ORDER BY system) = 1
  ORDER BY exchangeTimeUs, seqId NULLS LAST, TRY_CAST(payload.tradeId AS HUGEINT), payload.tradeId, market
) TO '${out}' (FORMAT csv, COMPRESSION gzip, HEADER true)`;

async function runDuckDb(staged: Staged, out: string): Promise<Timed> {
  // Loaded lazily: the native module is only needed by this benchmark.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await connection.run(DUCKDB_QUERY(staged.dir, out));
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  const rows = Number(result.rowsChanged);
  connection.closeSync();
  instance.closeSync();
  return { rows, seconds, cpuSeconds };
}

/** The data rows of a gzip CSV (DuckDB writes the same header names; rows must match). */
function csvRows(file: string): string {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return text.slice(text.indexOf('\n') + 1);
}

export default defineBenchmark({
  name: 'publish-merge',
  description:
    'Daily publishing merge on local gzip NDJSON minute objects (8 markets x 120 minutes, primary + replica, ~1.1M input lines, 600k distinct trades) to sorted, deduplicated gzip CSV with sha256 and manifest; DuckDB runs the same query on the same files.',
  figures: {
    'publish.merge_rows_per_s': {
      unit: 'rows/s',
      goal: { min: 1_000_000 },
      description: 'output CSV rows per second, files read, decoded, validated, merged, written',
    },
    'publish.merge_ratio_vs_duckdb': {
      unit: 'ratio',
      description: 'our rows/s divided by DuckDB rows/s on the same files and query',
    },
    'publish.duckdb_rows_per_s': {
      unit: 'rows/s',
      description: 'DuckDB read_json + QUALIFY dedupe + ORDER BY + COPY gzip CSV',
    },
    'publish.merge_rows_per_cpu_s': {
      unit: 'rows/CPU s',
      description: 'output rows per second of process CPU time (main thread + libuv pool)',
    },
    'publish.duckdb_rows_per_cpu_s': {
      unit: 'rows/CPU s',
      description: 'DuckDB output rows per second of process CPU time (all its threads)',
    },
  },
  async run() {
    const staged = stage();
    try {
      const ours: Timed[] = [];
      const duck: Timed[] = [];
      const oursFile = path.join(staged.dir, 'ours.csv.gz');
      const duckFile = path.join(staged.dir, 'duck.csv.gz');
      await runOurs(staged, path.join(staged.dir, 'warm.csv.gz'));
      // Interleaved, so both sides see the same background load.
      for (let r = 0; r < RUNS; r++) {
        ours.push(await runOurs(staged, oursFile));
        duck.push(await runDuckDb(staged, duckFile));
      }
      const oursRows = ours[0]?.rows ?? 0;
      const duckRows = duck[0]?.rows ?? 0;
      if (oursRows !== duckRows) {
        throw new Error(`row counts differ: ours ${oursRows}, DuckDB ${duckRows}`);
      }
      if (csvRows(oursFile) !== csvRows(duckFile)) {
        throw new Error("our CSV rows differ from DuckDB's");
      }
      const inputBytes = staged.objects.reduce(
        (sum, o) => sum + readFileSync(path.join(staged.dir, o.key)).length,
        0,
      );
      const rate = (runs: Timed[], pick: (t: Timed) => number): number =>
        median(runs.map((t) => t.rows / pick(t)));
      const wall = (t: Timed): number => t.seconds;
      const cpu = (t: Timed): number => t.cpuSeconds;
      process.stdout.write(
        `${staged.objects.length} objects, ${(inputBytes / 1e6).toFixed(1)} MB gzip input, ` +
          `${oursRows} output rows (identical to DuckDB's), our file ` +
          `${readFileSync(oursFile).length} bytes, load average ${os.loadavg()[0]?.toFixed(1)}\n` +
          `ours  wall s ${ours.map((t) => t.seconds.toFixed(2)).join(' ')}, cpu s ${ours.map((t) => t.cpuSeconds.toFixed(2)).join(' ')}\n` +
          `duck  wall s ${duck.map((t) => t.seconds.toFixed(2)).join(' ')}, cpu s ${duck.map((t) => t.cpuSeconds.toFixed(2)).join(' ')}\n`,
      );
      const oursMedian = rate(ours, wall);
      const duckMedian = rate(duck, wall);
      return {
        'publish.merge_rows_per_s': Math.round(oursMedian),
        'publish.merge_ratio_vs_duckdb': Number((oursMedian / duckMedian).toFixed(2)),
        'publish.duckdb_rows_per_s': Math.round(duckMedian),
        'publish.merge_rows_per_cpu_s': Math.round(rate(ours, cpu)),
        'publish.duckdb_rows_per_cpu_s': Math.round(rate(duck, cpu)),
      };
    } finally {
      rmSync(staged.dir, { recursive: true, force: true });
    }
  },
});
