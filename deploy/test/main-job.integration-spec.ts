// `npm start` end to end: the orchestrator runs isolated (its own topics, groups, lake bucket,
// database schema and ports, so a developer's running main job is left alone) with a short
// recording window and stops after the report (--exit). The report must hold real data from at
// least four venues, a published revision per data source and the exported files.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MainJobReport } from '../main-job/report';

jest.setTimeout(1_200_000);

const REPO_ROOT = join(__dirname, '..', '..');

function runMainJob(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npx',
      ['tsx', '--tsconfig', 'deploy/tsconfig.json', 'deploy/main-job/main.ts', ...args],
      {
        cwd: REPO_ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the main job (npm start -- --exit)', () => {
  let code: number | null;
  let output: string;
  let report: MainJobReport;

  beforeAll(async () => {
    ({ code, output } = await runMainJob(['--exit', '--isolated', '--play', '45', '--speed', '4']));
    const path = /\(report as JSON: (.+?); took/.exec(output)?.[1];
    if (!path) throw new Error(`No report in the output (exit ${code}):\n${output.slice(-3000)}`);
    report = JSON.parse(readFileSync(path, 'utf8')) as MainJobReport;
  });

  it('exits cleanly after printing the report', () => {
    expect(code).toBe(0);
    expect(output).toContain('=== Tickline main job: report for');
    expect(output).toContain('Stopping the services');
  });

  it('captured, validated and cached real data from at least four venues', () => {
    const live = report.venues.filter(
      (v) =>
        v.markets.length > 0 && v.messagesPrimary > 0 && v.messagesReplica > 0 && v.accepted > 0,
    );
    expect(live.map((v) => v.venue).length).toBeGreaterThanOrEqual(4);
    expect(report.lake.canonical + report.lake.partial).toBeGreaterThan(0);
  });

  it('published a revision with rows for every data source that has data', () => {
    expect(report.publish.unavailable).toBeUndefined();
    const byVenue = new Map<string, number>();
    for (const run of report.publish.runs) {
      expect(run.status).toBe('SUCCEEDED');
      expect(run.revisionArn).toMatch(
        /^arn:aws:dataexchange:[^:]+:\d+:data-sets\/[^/]+\/revisions\/[^/]+$/,
      );
      const venue = run.dataSet.split('-')[0] as string;
      byVenue.set(venue, (byVenue.get(venue) ?? 0) + Number(run.rowCount ?? 0));
    }
    // One run per data source of the replayed venues, each venue's files holding rows.
    for (const v of report.venues) expect(byVenue.get(v.venue) ?? 0).toBeGreaterThan(0);
  });

  it('the exporter delivered the revisions into the subscriber bucket', () => {
    expect(report.exports.unavailable).toBeUndefined();
    const keys = report.exports.buckets.flatMap((b) => b.keys);
    expect(keys.some((key) => key.endsWith('.csv.gz'))).toBe(true);
    expect(keys.some((key) => key.endsWith('.manifest.json'))).toBe(true);
  });
});
