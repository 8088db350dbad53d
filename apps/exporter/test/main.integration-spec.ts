// The built exporter (dist/main.js) as a process, as a container runs it.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';

import { freePort, REPO_ROOT } from '@tickline/testing';
import { Kafka, logLevel } from 'kafkajs';

import { exporterStackEnv } from './support/stack-env.util';
import { createTestDatabase } from './support/test-database.util';

jest.setTimeout(180_000);

const appRoot = join(__dirname, '..');
const runId = `exp-main-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

function runService(env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: appRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) =>
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const messages = () =>
    lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as { level: string; msg: string }];
      } catch {
        return [];
      }
    });
  return { child, exit, messages };
}

describe('exporter as a process (built main.js)', () => {
  const stack = exporterStackEnv();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    execFileSync('npx', ['nx', 'run', 'exporter:build', '--output-style=static'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
    database = await createTestDatabase('main');
  });

  afterAll(async () => {
    await database?.drop();
    const admin = new Kafka({
      brokers: stack.KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteGroups([runId]).catch(() => undefined);
    await admin.disconnect();
  });

  it('refuses to start, with one fatal line and exit code 1, for a data set it is not entitled to', async () => {
    const run = runService({
      ...stack,
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      EXPORTER_GROUP_ID: runId,
      EXPORTER_SUBSCRIPTIONS: JSON.stringify({
        subscriptions: [
          { name: 'nope', dataSet: `missing-${runId}`, bucket: 'tickline-subscriber' },
        ],
      }),
    });
    expect(await run.exit).toBe(1);
    expect(run.messages().filter((m) => m.level === 'fatal')).toEqual([
      expect.objectContaining({
        msg: `Invalid subscriptions: subscription "nope": data set "missing-${runId}" is not entitled to this subscriber account (ListDataSets with Origin ENTITLED lists no data set with that id or name); subscribe to a product that contains it first`,
      }),
    ]);
  });

  it('serves on PORT and drains, then exits 0, on SIGTERM', async () => {
    const port = await freePort();
    const run = runService({
      ...stack,
      PORT: String(port),
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      EXPORTER_GROUP_ID: runId,
      EXPORTER_SUBSCRIPTIONS: JSON.stringify({ subscriptions: [] }),
    });
    const deadline = Date.now() + 60_000;
    let ready: Response | undefined;
    while (!ready?.ok && Date.now() < deadline && run.child.exitCode === null) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (!ready?.ok) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await ready?.json()).toMatchObject({ status: 'ready', failing: [] });
    const openapi = (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/subscriptions', '/exports', '/exports/{id}/rerun', '/catalog']),
    );
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.messages().map((m) => m.msg)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^exporter is listening on /)]),
    );
  });
});
