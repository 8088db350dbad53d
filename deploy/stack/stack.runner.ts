import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { ComponentContext, Logger, StackComponent } from './component.interface';
import {
  generateCredentials,
  loadOrCreateCredentials,
  readCredentials,
  type StackCredentials,
} from './credentials.util';
import { resolveAutoPorts } from './ports-auto.util';
import { assertPortsFree, isPortFree } from './ports.util';
import { commandLine, findProcesses, isAlive, sleep, tailOf } from './process.util';
import type { StackConfig } from './stack-config.util';
import { withStackLock } from './stack-lock.util';
import { startWaves } from './start-order.util';
import { readState, withComponent, writeState, type StackState } from './state-file.util';

export interface StackRunnerOptions {
  config: StackConfig;
  components: readonly StackComponent[];
  processEnv: NodeJS.ProcessEnv;
  log: Logger;
}

export type ComponentMode = 'managed' | 'external';

export interface ComponentStatus {
  name: string;
  mode: ComponentMode;
  healthy: boolean;
  detail: string;
  pid?: number;
  version?: string;
  env: Record<string, string>;
}

export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackError';
  }
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class StackRunner {
  private state: StackState = { version: 1, components: {} };

  private config: StackConfig;

  constructor(private readonly options: StackRunnerOptions) {
    this.config = options.config;
  }

  private get log() {
    return this.options.log;
  }

  /**
   * The user's own service for a component, or undefined when the stack runs its own.
   * Before the first `up` there are no credentials yet; fresh random ones still give
   * the right answer, since nobody can have exported settings that never existed.
   */
  private async external(
    component: StackComponent,
    credentials: StackCredentials,
  ): Promise<Record<string, string> | undefined> {
    const own = component.ownEnv({ config: this.config, credentials });
    const external = component.externalEnv(this.options.processEnv, own);
    if (external) return external;
    // Set to exactly our own address: that is ours, unless a process other than ours
    // holds the address (another stack folder on the same ports, say); then the
    // user's variable points at that process.
    const userEnv = component.externalEnv(this.options.processEnv);
    if (!userEnv || this.findOwnPids(component).length > 0) return undefined;
    const ports = Object.values(component.ports(this.config));
    const free = await Promise.all(ports.map((port) => isPortFree(port, this.config.host)));
    return free.every(Boolean) ? undefined : userEnv;
  }

  /** Our running instance of a component: the recorded pid if it is still ours, else a search of /proc. */
  private findOwnPids(component: StackComponent): number[] {
    const matches = (argv: readonly string[]) => component.isOwnProcess(argv, this.config);
    const recorded = this.state.components[component.name]?.pid;
    const found = new Set<number>();
    if (recorded !== undefined && isAlive(recorded)) {
      const argv = commandLine(recorded);
      if (argv && matches(argv)) found.add(recorded);
    }
    for (const pid of findProcesses(matches)) found.add(pid);
    return [...found];
  }

  private saveComponent(name: string, pid: number | undefined, component?: StackComponent): void {
    this.state = withComponent(
      this.state,
      name,
      pid === undefined || !component
        ? undefined
        : {
            pid,
            ports: component.ports(this.config),
            startedAt:
              this.state.components[name]?.pid === pid
                ? this.state.components[name].startedAt
                : new Date().toISOString(),
            version: component.version(this.config),
          },
    );
    writeState(this.config.stackDir, this.state);
  }

  /** Whether a component has data from an earlier run (it was made with the stored credentials). */
  private hasData(): boolean {
    return this.options.components.some((component) =>
      existsSync(join(this.config.stackDir, component.name)),
    );
  }

  private loadState(): void {
    const { state, problem } = readState(this.config.stackDir);
    if (problem) this.log.warn(problem);
    this.state = state;
  }

  private async waitHealthy(
    component: StackComponent,
    pid: number,
    env: Record<string, string>,
  ): Promise<string> {
    const until = Date.now() + component.startTimeoutMs;
    let lastError = 'no answer yet';
    while (Date.now() < until) {
      if (!isAlive(pid)) {
        throw new StackError(
          `${component.name} exited while starting. Last log lines:\n${component
            .logFiles(this.config)
            .map((f) => tailOf(f))
            .join('\n')}`,
        );
      }
      try {
        return await component.health(env, { config: this.config });
      } catch (error) {
        lastError = errorText(error);
      }
      await sleep(250);
    }
    throw new StackError(
      `${component.name} did not become healthy within ${component.startTimeoutMs / 1000}s (${lastError}). ` +
        `See \`npm run stack -- logs ${component.name}\`.`,
    );
  }

  private async bringUp(
    component: StackComponent,
    ctx: ComponentContext,
  ): Promise<Record<string, string>> {
    const began = Date.now();
    const external = await this.external(component, ctx.credentials);
    if (external) {
      try {
        const detail = await component.health(external, { config: this.config });
        this.log.info(`${component.name}: using your service from the environment: ${detail}`);
      } catch (error) {
        const keys = Object.keys(external).slice(0, 1).join(', ');
        throw new StackError(
          `${component.name}: ${keys} is set, so the stack uses that service instead of starting its own, ` +
            `but it is not healthy: ${errorText(error)}`,
        );
      }
      return external;
    }

    const env = component.ownEnv(ctx);
    const recorded = this.state.components[component.name];
    const pids = this.findOwnPids(component);
    if (recorded && !pids.includes(recorded.pid)) {
      this.log.warn(
        `${component.name}: recorded pid ${recorded.pid} is not running (crashed or stopped); starting it again`,
      );
      this.saveComponent(component.name, undefined);
    }
    const portsChanged =
      recorded !== undefined &&
      JSON.stringify(recorded.ports) !== JSON.stringify(component.ports(this.config));
    for (const pid of pids) {
      if (!portsChanged) {
        try {
          const detail = await component.health(env, { config: this.config });
          this.saveComponent(component.name, pid, component);
          await component.prepare?.(env, ctx);
          this.log.info(`${component.name}: already running (pid ${pid}): ${detail}`);
          return env;
        } catch (error) {
          this.log.warn(
            `${component.name}: pid ${pid} is running but not healthy (${errorText(error)}); restarting it`,
          );
        }
      } else {
        this.log.info(`${component.name}: ports changed; restarting pid ${pid}`);
      }
      await component.stop(pid, ctx);
      this.saveComponent(component.name, undefined);
    }

    await component.install(ctx);
    await assertPortsFree(component.name, component.ports(this.config), this.config.host);
    const started = await component.start(ctx);
    this.saveComponent(component.name, started.pid, component);
    const detail = await this.waitHealthy(component, started.pid, env);
    await component.prepare?.(env, ctx);
    this.log.info(
      `${component.name}: started (pid ${started.pid}) in ${seconds(began)}: ${detail}`,
    );
    return env;
  }

  /** Starts whatever is not running, reuses what is healthy, and returns the connection settings. */
  async up(): Promise<Record<string, string>> {
    return withStackLock(this.config.stackDir, this.log, async () => {
      // Under the lock, so concurrent first runs in "auto" mode agree on one set of ports.
      this.config = await resolveAutoPorts(this.config, true);
      if (!readCredentials(this.config.stackDir) && this.hasData()) {
        throw new StackError(
          `${this.config.stackDir} holds data but no credentials.json, so the data cannot be opened ` +
            'with new passwords. Restore the file, or run `npm run stack -- down` and delete the folder to start over.',
        );
      }
      const { credentials, created } = loadOrCreateCredentials(this.config.stackDir);
      if (created) this.log.info(`generated new credentials in ${this.config.stackDir}`);
      this.loadState();
      const env: Record<string, string> = {};
      for (const wave of startWaves(this.options.components)) {
        const results = await Promise.allSettled(
          wave.map((component) =>
            this.bringUp(component, {
              config: this.config,
              credentials,
              log: this.log,
              upstreamEnv: { ...env },
            }),
          ),
        );
        const failures = results.flatMap((result) =>
          result.status === 'rejected' ? [errorText(result.reason)] : [],
        );
        if (failures.length > 0) throw new StackError(failures.join('\n'));
        for (const result of results)
          if (result.status === 'fulfilled') Object.assign(env, result.value);
      }
      return env;
    });
  }

  /** Stops every process this stack folder started, whatever the environment says. */
  async down(): Promise<void> {
    await withStackLock(this.config.stackDir, this.log, async () => {
      this.loadState();
      const waves = startWaves(this.options.components).reverse();
      for (const wave of waves) {
        await Promise.all(
          wave.map(async (component) => {
            const pids = this.findOwnPids(component);
            if (pids.length === 0) {
              this.log.info(`${component.name}: not running`);
            }
            for (const pid of pids) {
              await component.stop(pid, { config: this.config, log: this.log });
              this.log.info(`${component.name}: stopped (pid ${pid})`);
            }
            this.saveComponent(component.name, undefined);
          }),
        );
      }
    });
  }

  async status(): Promise<ComponentStatus[]> {
    this.loadState();
    const credentials = readCredentials(this.config.stackDir);
    return Promise.all(
      this.options.components.map(async (component): Promise<ComponentStatus> => {
        const external = await this.external(component, credentials ?? generateCredentials());
        if (external) {
          const health = await component.health(external, { config: this.config }).then(
            (detail) => ({ healthy: true, detail }),
            (error: unknown) => ({ healthy: false, detail: errorText(error) }),
          );
          return { name: component.name, mode: 'external', env: external, ...health };
        }
        const version = component.version(this.config);
        const [pid] = this.findOwnPids(component);
        if (pid === undefined || !credentials) {
          return {
            name: component.name,
            mode: 'managed',
            healthy: false,
            detail: 'not running',
            version,
            env: {},
          };
        }
        const env = component.ownEnv({ config: this.config, credentials });
        const health = await component.health(env, { config: this.config }).then(
          (detail) => ({ healthy: true, detail }),
          (error: unknown) => ({
            healthy: false,
            detail: `running but not healthy: ${errorText(error)}`,
          }),
        );
        return { name: component.name, mode: 'managed', pid, version, env, ...health };
      }),
    );
  }

  /** Connection settings without touching any service: ours from the stored credentials, or the user's. */
  async env(): Promise<Record<string, string>> {
    const credentials = readCredentials(this.config.stackDir);
    const env: Record<string, string> = {};
    for (const component of this.options.components) {
      const external = await this.external(component, credentials ?? generateCredentials());
      if (external) {
        Object.assign(env, external);
        continue;
      }
      if (!credentials) {
        throw new StackError(
          `The stack in ${this.config.stackDir} has not been started yet: run \`npm run stack -- up\` first.`,
        );
      }
      Object.assign(env, component.ownEnv({ config: this.config, credentials }));
    }
    return env;
  }
}
