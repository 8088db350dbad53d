// Drives `npm run stack` end to end on a second, throw-away stack (own folder, own
// free ports), so it never disturbs the stack others are using: a fresh up, a
// reusing up, recovery from a crashed component, a clear error on a taken port,
// and a down that leaves none of our processes behind.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort } from './support/free-port.util';

import { findProcesses, isAlive } from '../stack/process.util';

jest.setTimeout(240_000);

const repoRoot = resolve(__dirname, '..', '..');
const cli = join(repoRoot, 'deploy', 'stack', 'cli.ts');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function parseEnv(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        expect(line).toMatch(/^[A-Z_][A-Z0-9_]*=/);
        return [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
      }),
  );
}

describe('stack lifecycle (a separate stack on free ports)', () => {
  const stackDir = mkdtempSync(join(tmpdir(), 'tickline-stack-'));
  // The postgres user must reach its data folder below this one.
  chmodSync(stackDir, 0o755);
  let env: NodeJS.ProcessEnv;
  let ports: Record<string, number>;

  const stack = (command: string, withEnv: NodeJS.ProcessEnv = env) =>
    new Promise<CliResult>((done) => {
      execFile(
        tsx,
        [cli, command],
        { env: withEnv, cwd: repoRoot, timeout: 200_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout, stderr });
        },
      );
    });
  const ours = () => findProcesses((argv) => argv.some((arg) => arg.startsWith(stackDir)));
  const statePids = (): Record<string, number> => {
    const state = JSON.parse(readFileSync(join(stackDir, 'state.json'), 'utf8')) as {
      components: Record<string, { pid: number }>;
    };
    return Object.fromEntries(Object.entries(state.components).map(([k, v]) => [k, v.pid]));
  };

  beforeAll(async () => {
    ports = {
      TICKLINE_KAFKA_PORT: await freePort(),
      TICKLINE_KAFKA_CONTROLLER_PORT: await freePort(),
      TICKLINE_POSTGRES_PORT: await freePort(),
      TICKLINE_MINIO_PORT: await freePort(),
      TICKLINE_MINIO_CONSOLE_PORT: await freePort(),
      TICKLINE_EXCHANGE_PORT: await freePort(),
    };
    // Fixed ports here whatever CI says; the auto mode gets its own test and folder below.
    env = { ...process.env, TICKLINE_STACK_DIR: stackDir, TICKLINE_STACK_PORTS: 'fixed' };
    for (const [key, value] of Object.entries(ports)) env[key] = String(value);
    // Settings of the shared stack (or anyone's services) must not leak into this one.
    for (const key of Object.keys(env)) {
      if (/^(KAFKA_BROKERS|DATABASE_URL|S3_|EXCHANGE_)/.test(key)) delete env[key];
    }
  });

  afterAll(async () => {
    await stack('down', { ...env, TICKLINE_STACK_DIR: join(stackDir, 'auto') });
    await stack('down');
    rmSync(stackDir, { recursive: true, force: true });
  });

  it('starts all components on the configured ports and prints only KEY=value lines', async () => {
    const up = await stack('up');
    expect(up.stderr).not.toMatch(/error/i);
    expect(up.code).toBe(0);
    const printed = parseEnv(up.stdout);
    expect(printed.KAFKA_BROKERS).toBe(`127.0.0.1:${ports.TICKLINE_KAFKA_PORT}`);
    expect(printed.DATABASE_URL).toMatch(
      new RegExp(
        `^postgresql://tickline:[0-9a-f]+@127\\.0\\.0\\.1:${ports.TICKLINE_POSTGRES_PORT}/tickline$`,
      ),
    );
    expect(printed.S3_ENDPOINT).toBe(`http://127.0.0.1:${ports.TICKLINE_MINIO_PORT}`);
    expect(printed.EXCHANGE_ENDPOINT).toBe(`http://127.0.0.1:${ports.TICKLINE_EXCHANGE_PORT}`);
    expect(printed.EXCHANGE_PROVIDER_SECRET_ACCESS_KEY).toMatch(/^[0-9a-f]{40}$/);

    const envCommand = await stack('env');
    expect(envCommand.code).toBe(0);
    expect(parseEnv(envCommand.stdout)).toEqual(printed);

    const status = await stack('status');
    expect(status.code).toBe(0);
    expect(status.stdout.match(/ healthy /g)).toHaveLength(4);
    expect(status.stdout).toMatch(/exchange-local\s+healthy\s+ready/);
  });

  it('reuses the running stack on a second up', async () => {
    const before = statePids();
    const up = await stack('up');
    expect(up.code).toBe(0);
    expect(up.stderr.match(/already running/g)).toHaveLength(4);
    expect(statePids()).toEqual(before);
  });

  it('restarts crashed components on up (a server and a service)', async () => {
    const { minio, 'exchange-local': exchange } = statePids();
    for (const pid of [minio, exchange]) {
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 50 && isAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
    }

    const status = await stack('status');
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/minio\s+unhealthy\s+not running/);
    expect(status.stdout).toMatch(/exchange-local\s+unhealthy\s+not running/);

    const up = await stack('up');
    expect(up.code).toBe(0);
    expect(up.stderr).toContain(`recorded pid ${minio} is not running`);
    expect(up.stderr).toContain(`recorded pid ${exchange} is not running`);
    expect(up.stderr).toMatch(/minio: started/);
    expect(up.stderr).toMatch(/exchange-local: started/);
    expect(statePids().minio).not.toBe(minio);
    expect(statePids()['exchange-local']).not.toBe(exchange);
    expect((await stack('status')).code).toBe(0);
  });

  it('stops every process it started on down', async () => {
    expect(ours().length).toBeGreaterThanOrEqual(4);
    const down = await stack('down');
    expect(down.code).toBe(0);
    expect(ours()).toEqual([]);
    const status = await stack('status');
    expect(status.code).toBe(1);
  });

  it('picks its own free ports in "auto" mode (the default on CI) and keeps them', async () => {
    const autoEnv: NodeJS.ProcessEnv = {
      ...env,
      TICKLINE_STACK_DIR: join(stackDir, 'auto'),
      TICKLINE_STACK_PORTS: 'auto',
    };
    for (const key of Object.keys(ports)) delete autoEnv[key];
    const up = await stack('up', autoEnv);
    expect(up.code).toBe(0);
    const printed = parseEnv(up.stdout);
    const kafkaPort = Number(printed.KAFKA_BROKERS.split(':')[1]);
    expect(kafkaPort).toBeGreaterThanOrEqual(20_000);
    expect(kafkaPort).toBeLessThan(32_000);
    const exchangePort = Number(new URL(printed.EXCHANGE_ENDPOINT).port);
    expect(exchangePort).toBeGreaterThanOrEqual(20_000);
    expect(exchangePort).toBeLessThan(32_000);
    expect(parseEnv((await stack('env', autoEnv)).stdout)).toEqual(printed);
    expect((await stack('status', autoEnv)).code).toBe(0);
    expect((await stack('down', autoEnv)).code).toBe(0);
    expect(ours()).toEqual([]);
  });

  it('refuses to start on a port another process holds, naming the variable to change', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((done) =>
      squatter.listen(ports.TICKLINE_KAFKA_PORT, '127.0.0.1', done),
    );
    try {
      const up = await stack('up');
      expect(up.code).toBe(1);
      expect(up.stderr).toContain(`127.0.0.1:${ports.TICKLINE_KAFKA_PORT} is already in use`);
      expect(up.stderr).toContain('TICKLINE_KAFKA_PORT=<port>');
      expect(squatter.listening).toBe(true);
    } finally {
      await new Promise((done) => squatter.close(done));
      await stack('down');
    }
    expect(ours()).toEqual([]);
  });
});
