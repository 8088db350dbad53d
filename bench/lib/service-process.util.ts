import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

// Services under benchmark run as their own processes (the built dist/main.js), so the
// benchmark's own work never shares their event loop.

const ROOT = path.resolve(__dirname, '..', '..');
/** USER_HZ of /proc/<pid>/stat times (100 on Linux). */
const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / CLOCK_TICKS_PER_S;
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run with the stack's env, eval "$(npm run -s stack -- env --export)".`,
    );
  }
  return value;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningService {
  readonly child: ChildProcess;
  readonly httpPort: number;
  /** SIGTERM (the service drains), resolved when the process has exited. */
  stop(): Promise<void>;
}

/** Starts `apps/<app>/dist/main.js` on a free port and waits until `/readyz` answers 200. */
export async function startService(
  app: 'cache' | 'exporter' | 'validator',
  env: Readonly<Record<string, string>>,
): Promise<RunningService> {
  const httpPort = await freePort();
  const cwd = path.join(ROOT, 'apps', app);
  const child = spawn(process.execPath, [path.join(cwd, 'dist', 'main.js')], {
    cwd,
    env: { ...process.env, ...env, PORT: String(httpPort) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    if (i > 2_400 || child.exitCode !== null) throw new Error(`the ${app} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    child,
    httpPort,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
