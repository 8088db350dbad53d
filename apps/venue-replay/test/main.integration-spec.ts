import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { getJson } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(180_000);

const repoRoot = join(__dirname, '..', '..', '..');
const appRoot = join(__dirname, '..');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) {
    throw new Error('Could not find a free port.');
  }
  return address.port;
}

interface Run {
  child: ChildProcess;
  stderr: string[];
  exit: Promise<number | null>;
}

/** Runs the built server with only the given variables (plus PATH), as a container would. */
function runServer(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: appRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  const run: Run = {
    child,
    stderr: [],
    exit: once(child, 'exit').then(([code]) => code as number | null),
  };
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) =>
    run.stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
  );
  return run;
}

describe('venue-replay as a process (built main.js)', () => {
  beforeAll(() => {
    execFileSync('npx', ['nx', 'run', 'venue-replay:build', '--output-style=static'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  });

  it('exits with code 1 and one clear line when the configuration is invalid', async () => {
    const run = runServer({ REPLAY_SPEED: 'warp', REPLAY_TIME_SHIFT: 'yesterday' });
    expect(await run.exit).toBe(1);
    expect(run.stderr).toHaveLength(1);
    const line = JSON.parse(run.stderr[0] ?? '{}') as { level: string; msg: string };
    expect(line.level).toBe('fatal');
    expect(line.msg).toContain('REPLAY_SPEED is invalid: expected "max" or a factor of real time');
    expect(line.msg).toContain('REPLAY_TIME_SHIFT is invalid: expected none, now, a date');
  });

  it('serves the bundled recordings of all six venues, and closes clients and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const run = runServer({ PORT: String(port), LOG_LEVEL: 'warn', REPLAY_START: 'manual' });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline || run.child.exitCode !== null) {
        throw new Error(`The server did not become ready: ${run.stderr.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { body } = await getJson<{ venues: { venue: string; source: { name: string } }[] }>(
      `${base}/control/status`,
    );
    expect(body.venues.map((venue) => `${venue.venue}:${venue.source.name}`).sort()).toEqual([
      'binance:binance-capture',
      'bitstamp:bitstamp-capture',
      'bybit:bybit-synthetic',
      'coinbase:coinbase-capture',
      'kraken:kraken-capture',
      'okx:okx-capture',
    ]);
    const client = await WsClient.connect(`ws://127.0.0.1:${port}/kraken`);
    await client.next(
      'systemStatus',
      (frame: { event?: string }) => frame.event === 'systemStatus',
    );
    run.child.kill('SIGTERM');
    expect(await client.waitClosed()).toBe(1001);
    expect(await run.exit).toBe(0);
  });
});
