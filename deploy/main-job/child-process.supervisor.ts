// Runs the services as child processes, each writing stdout and stderr to its own log file, and
// stops them on the way out: SIGTERM first (the services drain), SIGKILL after a timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ChildSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

interface RunningChild {
  readonly spec: ChildSpec;
  readonly process: ChildProcess;
  exit?: string;
}

export class ChildProcessSupervisor {
  private readonly children: RunningChild[] = [];

  constructor(private readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  logFile(name: string): string {
    return join(this.logDir, `${name}.log`);
  }

  start(spec: ChildSpec): void {
    const log = createWriteStream(this.logFile(spec.name), { flags: 'w' });
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const running: RunningChild = { spec, process: child };
    child.on('error', (error) => (running.exit = `failed to start: ${error.message}`));
    child.on('exit', (code, signal) => {
      running.exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
    });
    this.children.push(running);
  }

  /** Why a child is no longer running, or undefined while it runs. */
  exitOf(name: string): string | undefined {
    const child = this.children.find((c) => c.spec.name === name);
    return child?.exit;
  }

  /** The first child that ended on its own, as "name exited with ...". */
  anyExited(): string | undefined {
    const child = this.children.find((c) => c.exit !== undefined);
    return child
      ? `${child.spec.name} ${child.exit} (log: ${this.logFile(child.spec.name)})`
      : undefined;
  }

  /** Stops every child in reverse start order: consumers of a service stop before it does. */
  async stopAll(timeoutMs = 20_000): Promise<void> {
    for (const child of [...this.children].reverse()) await this.stop(child, timeoutMs);
  }

  private async stop(child: RunningChild, timeoutMs: number): Promise<void> {
    if (child.exit !== undefined) return;
    const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
