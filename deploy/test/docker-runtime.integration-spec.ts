// The container images run what deploy/docker/build-runtime.sh assembles (the Dockerfile calls
// it). No Docker engine runs here, so this builds each service's runtime folder outside the repo
// and starts the service from it against the local stack: if a library, an asset or a production
// dependency were missing from the image, the service would not come up.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { withSchema } from '../main-job/database-url.util';
import { freePort } from './support/free-port.util';
import { repoRoot } from './support/helm-tools.util';

const execFileAsync = promisify(execFile);

jest.setTimeout(20 * 60_000);

// Publisher and exporter keep their state in a schema of their own here, so the services started
// from the runtime folders never touch the rows other tests work with.
const DB_SCHEMA = `runtime_check_${process.pid}`;
const ownDatabase = (): NodeJS.ProcessEnv => ({
  DATABASE_URL: withSchema(process.env.DATABASE_URL ?? '', DB_SCHEMA),
});

/** Services with a container image, and what each needs besides the stack's settings. */
const SERVICES: Record<string, (ports: { http: number; extra: number }) => NodeJS.ProcessEnv> = {
  'venue-replay': () => ({}),
  // Shares the stack's database; its job workers are lease-based, so a second instance is safe.
  'exchange-local': ({ http }) => ({ EXCHANGE_PORT: String(http) }),
  // Points at a port nobody listens on: the ingestor keeps reconnecting and stays alive.
  ingestor: ({ extra }) => ({
    INGESTOR_ID: 'runtime-check',
    INGESTOR_SUBSCRIPTIONS: JSON.stringify({
      venues: [
        {
          venue: 'binance',
          options: {
            wsUrl: `ws://127.0.0.1:${extra}/binance`,
            restUrl: `http://127.0.0.1:${extra}/binance`,
          },
          symbols: ['BTCUSDT'],
          types: ['trade'],
        },
      ],
    }),
  }),
  validator: () => ({ VALIDATOR_GROUP_ID: `runtime-check-${process.pid}` }),
  publisher: () => ({
    ...ownDatabase(),
    PUBLISHER_SCHEDULE_ENABLED: 'false',
    PUBLISHER_UPLOADS_ENABLED: 'false',
  }),
  exporter: () => ({
    ...ownDatabase(),
    EXPORTER_GROUP_ID: `runtime-check-${process.pid}`,
    EXPORTER_SUBSCRIPTIONS: JSON.stringify({ subscriptions: [] }),
  }),
  console: () => ({ CONSOLE_GROUP_PREFIX: `runtime-check-${process.pid}` }),
  cache: ({ extra }) => ({
    GRPC_PORT: String(extra),
    CACHE_GROUP_PREFIX: `runtime-check-${process.pid}`,
  }),
};

/** The stack's connection settings (test.sh exports them); nothing else of this shell leaks in. */
function stackEnv(): NodeJS.ProcessEnv {
  const prefixes = ['KAFKA_', 'S3_', 'DATABASE_URL', 'EXCHANGE_'];
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => prefixes.some((p) => name.startsWith(p))),
  );
}

async function buildRuntime(app: string, out: string, nodeModulesFrom?: string): Promise<void> {
  await execFileAsync('bash', [join(repoRoot, 'deploy', 'docker', 'build-runtime.sh'), app, out], {
    cwd: repoRoot,
    maxBuffer: 64 << 20,
    env: {
      ...process.env,
      ...(nodeModulesFrom ? { NODE_MODULES_FROM: nodeModulesFrom } : {}),
    },
  });
}

describe('runtime image folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'tickline-runtime-'));
  const apps = Object.keys(SERVICES);
  // The first folder gets a real `npm ci --omit=dev`; the others hard-link its node_modules,
  // which is the same for every app (one workspace lock).
  const firstModules = join(root, apps[0], 'node_modules');

  beforeAll(async () => {
    await execFileAsync('npm', ['run', '-s', 'db:migrate'], {
      cwd: repoRoot,
      env: { ...process.env, ...ownDatabase() },
    });
    await buildRuntime(apps[0], join(root, apps[0]));
    for (const app of apps.slice(1)) await buildRuntime(app, join(root, app), firstModules);
  });

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await execFileAsync('psql', [
      process.env.DATABASE_URL ?? '',
      '-qc',
      `DROP SCHEMA IF EXISTS ${DB_SCHEMA} CASCADE`,
    ]);
  });

  it('covers every app that has a project, except the kit example', () => {
    const projects = readdirSync(join(repoRoot, 'apps')).filter(
      (name) => existsSync(join(repoRoot, 'apps', name, 'project.json')) && name !== 'kit-example',
    );
    expect(apps.slice().sort()).toEqual(projects.sort());
  });

  it('the production node_modules holds no development tools', () => {
    expect(existsSync(join(firstModules, '@nestjs', 'core'))).toBe(true);
    for (const devOnly of ['jest', 'eslint', 'nx', '@swc/core', 'tsx', 'prettier']) {
      expect({ devOnly, present: existsSync(join(firstModules, devOnly)) }).toEqual({
        devOnly,
        present: false,
      });
    }
  });

  it.each(apps)('%s: build output and assets only, no sources', (app) => {
    const runtime = join(root, app);
    expect(existsSync(join(runtime, 'apps', app, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(runtime, 'apps', app, 'src'))).toBe(false);
    expect(existsSync(join(runtime, 'libs', 'service-kit', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(runtime, 'libs', 'service-kit', 'src'))).toBe(false);
  });

  it.each(apps)(
    '%s: starts from its folder, answers /healthz and shuts down cleanly on SIGTERM',
    async (app) => {
      const http = await freePort();
      const extra = await freePort();
      let output = '';
      const child = spawn(process.execPath, ['dist/main.js'], {
        cwd: join(root, app, 'apps', app),
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          ...stackEnv(),
          PORT: String(http),
          LOG_LEVEL: 'warn',
          ...SERVICES[app]({ http, extra }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      try {
        const healthz = `http://127.0.0.1:${http}/healthz`;
        const deadline = Date.now() + 60_000;
        let status = 0;
        while (status !== 200) {
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(`${app} exited (${child.exitCode ?? child.signalCode}):\n${output}`);
          if (Date.now() > deadline) throw new Error(`${healthz} never answered 200:\n${output}`);
          status = await fetch(healthz).then(
            (response) => response.status,
            () => 0,
          );
          if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(await (await fetch(healthz)).json()).toMatchObject({ status: 'ok', alive: true });
      } finally {
        child.kill('SIGTERM');
      }
      expect({ app, exitCode: await exited, output: (await exited) === 0 ? '' : output }).toEqual({
        app,
        exitCode: 0,
        output: '',
      });
    },
  );
});
