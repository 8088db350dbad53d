import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** The repository root (this file lives in libs/testing/src or libs/testing/dist). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** An app of this repository that tests run as a child process. */
export type ServiceApp = 'ingestor' | 'venue-replay' | 'validator' | 'cache';

/**
 * How to start an app: `node apps/<app>/dist/main.js` when it is built (the default; the
 * integration targets build it first), else `tsx apps/<app>/src/main.ts` from the sources.
 */
export function appCommand(
  app: ServiceApp,
  mode: 'auto' | 'dist' | 'source' = 'auto',
): { command: string; args: string[] } {
  const dist = path.join(REPO_ROOT, 'apps', app, 'dist', 'main.js');
  const source = path.join(REPO_ROOT, 'apps', app, 'src', 'main.ts');
  if (mode === 'dist' || (mode === 'auto' && existsSync(dist))) {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npx nx run ${app}:build\``);
    return { command: process.execPath, args: [dist] };
  }
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  return { command: tsx, args: [source] };
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('No port from the OS');
  return address.port;
}

/** Polls `check` every 100 ms until it is true; rejects on timeout or when `failed` says why. */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  failed: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    const failure = failed();
    if (failure) throw new Error(`Gave up waiting for ${what}: ${failure}`);
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ServiceProcessOptions {
  /** A name for messages (`replica-a`). */
  readonly name: string;
  readonly app: ServiceApp;
  /** The child's whole environment is `process.env` (the stack's) plus these; PORT is set. */
  readonly env?: Readonly<Record<string, string>>;
  readonly port?: number;
  readonly mode?: 'auto' | 'dist' | 'source';
  /** Wait for `GET /healthz` after spawning (default 60 s). */
  readonly readyTimeoutMs?: number;
  /** Forward the child's stdout (logs) and stderr to this process's (default: stderr kept in `stderrTail` only). */
  readonly inheritStderr?: boolean;
}

/**
 * One app running as a child process on its own port: started with the stack's env plus its
 * own settings, ready once `/healthz` answers, stopped by SIGTERM (graceful drain) or killed
 * by SIGKILL (`kill -9`). Restartable with the same port and env.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  private exitedWith: string | undefined;
  private stderr = '';
  readonly port: number;

  private constructor(
    private readonly options: ServiceProcessOptions,
    port: number,
  ) {
    this.port = port;
  }

  /** Spawns the app and waits until it serves `/healthz`. */
  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const service = new ServiceProcess(options, options.port ?? (await freePort()));
    await service.restart();
    return service;
  }

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Why the process ended (`exited with 1`), or undefined while it runs. */
  get exited(): string | undefined {
    return this.exitedWith;
  }

  /** The last 8 kB the child wrote to stderr (for failure messages). */
  get stderrTail(): string {
    return this.stderr;
  }

  /** Starts the process again (after stop or kill) with the same port and env. */
  async restart(extraEnv: Readonly<Record<string, string>> = {}): Promise<void> {
    if (this.child && this.exitedWith === undefined) {
      throw new Error(`${this.name} is still running (pid ${this.child.pid})`);
    }
    const { command, args } = appCommand(this.options.app, this.options.mode);
    this.exitedWith = undefined;
    this.stderr = '';
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.options.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', this.options.inheritStderr ? 'inherit' : 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-8192);
      if (this.options.inheritStderr) process.stderr.write(chunk);
    });
    this.exit = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitedWith = `exited with ${signal ?? code}`;
        resolve({ code, signal });
      });
    });
    await until(
      `${this.name} to serve /healthz`,
      async () => (await fetch(`${this.url}/healthz`)).ok,
      this.options.readyTimeoutMs ?? 60_000,
      () => (this.exitedWith ? `${this.name} ${this.exitedWith}: ${this.stderr}` : undefined),
    );
  }

  /** SIGTERM (graceful drain), then SIGKILL if it has not exited after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const exit = this.exit;
    if (!this.child || !exit) return { code: null, signal: null };
    if (this.exitedWith === undefined) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    try {
      return await exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** `kill -9`: no drain, nothing flushed. */
  async kill(): Promise<void> {
    if (!this.child || this.exitedWith !== undefined) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  async get<T>(pathname: string): Promise<T> {
    const response = await fetch(`${this.url}${pathname}`);
    if (!response.ok) {
      throw new Error(
        `GET ${pathname} on ${this.name}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    return (await response.json()) as T;
  }

  async send<T>(method: 'POST' | 'PATCH' | 'DELETE', pathname: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(
        `${method} ${pathname} on ${this.name}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The Prometheus text of `/metrics`. */
  async metricsText(): Promise<string> {
    const response = await fetch(`${this.url}/metrics`);
    return response.text();
  }

  /** Sum of a metric's samples whose labels include `labels` (0 when there is none). */
  async metric(name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
    return metricValue(await this.metricsText(), name, labels);
  }
}

/** Sum of the samples of `name` in Prometheus text whose labels include all of `labels`. */
export function metricValue(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const close = rest[0] === '{' ? rest.indexOf('}') : -1;
    const labelText = close > 0 ? rest.slice(1, close) : '';
    const matches = Object.entries(labels).every(([key, value]) =>
      labelText.includes(`${key}="${value}"`),
    );
    if (!matches) continue;
    const value = Number(
      rest
        .slice(close + 1)
        .trim()
        .split(' ')[0],
    );
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}
