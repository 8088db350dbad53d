// The runner's decisions (reuse, restart after a crash, external services, port
// conflicts, stopping only our own processes) exercised with stand-in components
// whose "server" is a sleeping node process: real pids, no real servers.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './support/free-port.util';

import type { StackComponent } from '../stack/component.interface';
import { findProcesses, isAlive, spawnDetached, stopProcess } from '../stack/process.util';
import { loadStackConfig, type StackConfig } from '../stack/stack-config.util';
import { StackRunner } from '../stack/stack.runner';

interface Fake extends StackComponent {
  starts: number;
  healthCalls: Array<Record<string, string>>;
  unhealthy: boolean;
  port: number;
}

function fakeComponent(name: string, envKey: string, port: number, dependsOn: string[] = []): Fake {
  const marker = (config: StackConfig) => `fake-${name}:${config.stackDir}`;
  const fake: Fake = {
    name,
    dependsOn,
    startTimeoutMs: 1_500,
    starts: 0,
    healthCalls: [],
    unhealthy: false,
    port,
    version: () => '1.0',
    ports: () => ({ [name]: fake.port }),
    externalEnv: (env, own) =>
      env[envKey] && env[envKey] !== own?.[envKey]
        ? { [envKey]: env[envKey] as string }
        : undefined,
    ownEnv: ({ credentials }) => ({
      [envKey]: `${name}://${credentials.postgres.user}@${fake.port}`,
    }),
    install: async () => undefined,
    start: async ({ config }) => {
      fake.starts += 1;
      const pid = spawnDetached(
        process.execPath,
        ['-e', 'setTimeout(() => {}, 120000)', marker(config)],
        { logFile: join(config.stackDir, `${name}.log`) },
      );
      return { pid, ports: fake.ports(config) };
    },
    health: async (env) => {
      fake.healthCalls.push(env);
      if (fake.unhealthy) throw new Error('not ready');
      return 'fine';
    },
    stop: async (pid) => {
      await stopProcess(pid, 2_000);
    },
    isOwnProcess: (argv, config) => argv.includes(marker(config)),
    logFiles: (config) => [join(config.stackDir, `${name}.log`)],
  };
  return fake;
}

describe('StackRunner', () => {
  let dir: string;
  let config: StackConfig;
  let messages: string[];
  let db: Fake;
  let queue: Fake;
  let app: Fake;

  const runner = (processEnv: NodeJS.ProcessEnv = {}) =>
    new StackRunner({
      config,
      components: [db, queue, app],
      processEnv,
      log: { info: (m) => messages.push(m), warn: (m) => messages.push(`warn: ${m}`) },
    });
  const ours = () => findProcesses((argv) => argv.some((a) => a.endsWith(`:${dir}`)));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stack-runner-'));
    config = loadStackConfig({ TICKLINE_STACK_DIR: dir }, dir);
    messages = [];
    db = fakeComponent('db', 'DB_URL', await freePort());
    queue = fakeComponent('queue', 'QUEUE_URL', await freePort());
    app = fakeComponent('app', 'APP_URL', await freePort(), ['db', 'queue']);
  });

  afterEach(async () => {
    await Promise.all(ours().map((pid) => stopProcess(pid, 2_000)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts every component, hands dependencies their settings, and reuses a healthy stack', async () => {
    let upstream: Record<string, string> = {};
    const start = app.start.bind(app);
    app.start = async (ctx) => {
      upstream = ctx.upstreamEnv;
      return start(ctx);
    };

    const env = await runner().up();
    expect(Object.keys(env).sort()).toEqual(['APP_URL', 'DB_URL', 'QUEUE_URL']);
    expect(upstream).toEqual({ DB_URL: env.DB_URL, QUEUE_URL: env.QUEUE_URL });
    expect(ours()).toHaveLength(3);

    const again = await runner().up();
    expect(again).toEqual(env);
    expect([db.starts, queue.starts, app.starts]).toEqual([1, 1, 1]);
    expect(messages.filter((m) => m.includes('already running'))).toHaveLength(3);
  });

  it('restarts a component whose process died', async () => {
    await runner().up();
    const [dbPid] = findProcesses((argv) => argv.includes(`fake-db:${dir}`));
    process.kill(dbPid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));

    await runner().up();
    expect(db.starts).toBe(2);
    expect(queue.starts).toBe(1);
    expect(messages.some((m) => m.includes(`recorded pid ${dbPid} is not running`))).toBe(true);
  });

  it('restarts a component that runs but is unhealthy', async () => {
    await runner().up();
    queue.unhealthy = true;
    const failing = runner().up();
    // It stays unhealthy after the restart too, so up gives up with a clear error.
    await expect(failing).rejects.toThrow(/queue did not become healthy within 1.5s \(not ready\)/);
    expect(queue.starts).toBe(2);
  });

  it('restarts a component whose configured port changed', async () => {
    await runner().up();
    queue.port = await freePort();
    await runner().up();
    expect(queue.starts).toBe(2);
    expect(db.starts).toBe(1);
    expect(messages.some((m) => m.startsWith('queue: ports changed'))).toBe(true);
  });

  it('uses a service from the environment instead of starting its own', async () => {
    const env = await runner({ QUEUE_URL: 'queue://elsewhere:9' }).up();
    expect(queue.starts).toBe(0);
    expect(env.QUEUE_URL).toBe('queue://elsewhere:9');
    expect(queue.healthCalls).toEqual([{ QUEUE_URL: 'queue://elsewhere:9' }]);
    expect((await runner({ QUEUE_URL: 'queue://elsewhere:9' }).env()).QUEUE_URL).toBe(
      'queue://elsewhere:9',
    );
  });

  it('does not mistake its own exported settings for an external service', async () => {
    const env = await runner().up();
    await runner(env).up();
    expect(queue.starts).toBe(1);
    expect(messages.filter((m) => m.includes('already running'))).toHaveLength(3);
  });

  it("takes its own address as the user's service when another process holds it", async () => {
    // What a shell that loaded another stack's settings (same ports) would pass in.
    const ownAddress = `queue://tickline@${queue.port}`;
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(queue.port, '127.0.0.1', resolve));
    try {
      const env = await runner({ QUEUE_URL: ownAddress }).up();
      expect(queue.starts).toBe(0);
      expect(env.QUEUE_URL).toBe(ownAddress);
      expect(messages).toContain(`queue: using your service from the environment: fine`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    // Once the address is free again, the same setting means the stack's own instance.
    await runner({ QUEUE_URL: ownAddress }).up();
    expect(queue.starts).toBe(1);
  });

  it('fails when an external service is not healthy', async () => {
    queue.unhealthy = true;
    await expect(runner({ QUEUE_URL: 'queue://elsewhere:9' }).up()).rejects.toThrow(
      /QUEUE_URL is set, so the stack uses that service .* not healthy: not ready/,
    );
  });

  it('refuses to start on a port someone else holds, without touching that process', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(queue.port, '127.0.0.1', resolve));
    try {
      await expect(runner().up()).rejects.toThrow(
        new RegExp(`Cannot start queue: 127\\.0\\.0\\.1:${queue.port} is already in use`),
      );
      expect(queue.starts).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('stops only its own processes on down, even without a state file', async () => {
    const bystander = spawnDetached(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], {
      logFile: join(dir, 'bystander.log'),
    });
    try {
      await runner().up();
      rmSync(join(dir, 'state.json'));
      await runner().down();
      expect(ours()).toEqual([]);
      expect(isAlive(bystander)).toBe(true);
      expect(messages.filter((m) => m.includes(': stopped (pid'))).toHaveLength(3);
    } finally {
      await stopProcess(bystander, 2_000);
    }
  });

  it('refuses to start over data whose credentials are gone', async () => {
    mkdirSync(join(dir, 'db'));
    await expect(runner().up()).rejects.toThrow(/holds data but no credentials.json/);
    expect(db.starts).toBe(0);
  });

  it('reports status and refuses env before the first up', async () => {
    await expect(runner().env()).rejects.toThrow(/has not been started yet/);
    const before = await runner().status();
    expect(before.map((s) => [s.name, s.healthy, s.detail])).toEqual([
      ['db', false, 'not running'],
      ['queue', false, 'not running'],
      ['app', false, 'not running'],
    ]);
    await runner().up();
    const after = await runner().status();
    expect(after.every((s) => s.healthy && s.mode === 'managed' && s.pid !== undefined)).toBe(true);
  });
});
