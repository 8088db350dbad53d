// Entry point of `npm run stack -- <command>`: the local Kafka, PostgreSQL, MinIO and
// exchange-local the services and integration tests run against. See docs/stack.md.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { Logger } from './component.interface';
import { STACK_COMPONENTS } from './components';
import { formatEnvLines } from './env-output.util';
import { resolveAutoPorts } from './ports-auto.util';
import { loadStackConfig } from './stack-config.util';
import { StackRunner, type ComponentStatus } from './stack.runner';
import { ensureCheckTools } from './tools.util';

const USAGE = `Usage: npm run stack -- <command>

  up [--tools]            start (or reuse) Kafka, PostgreSQL, MinIO and exchange-local, then print their settings
  down                    stop every process the stack started
  status                  health of each component (exit code 1 if any is unhealthy)
  logs [component] [-f] [-n <lines>]
                          show (or follow) the logs of one component or all
  env [--export]          print KEY=value lines (with --export: export KEY=value), e.g.
                          eval "$(npm run -s stack -- env --export)"
  tools                   install the independent check clients (kcat, aws, psql)

Components: ${STACK_COMPONENTS.map((c) => c.name).join(', ')}. Settings: docs/stack.md.`;

// The SDK warns on every run that future releases need a newer Node; that is the
// workspace's concern, not something to repeat in every `stack` command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Everything but the KEY=value lines goes to stderr, so stdout can be eval'ed.
const log: Logger = {
  info: (message) => process.stderr.write(`stack: ${message}\n`),
  warn: (message) => process.stderr.write(`stack: warning: ${message}\n`),
};

function printStatus(statuses: ComponentStatus[]): void {
  const width = Math.max(...statuses.map((s) => s.name.length));
  for (const s of statuses) {
    const where =
      s.mode === 'external'
        ? `external (${Object.entries(s.env)[0]?.join('=')})`
        : `${s.version ?? ''}${s.pid === undefined ? '' : `, pid ${s.pid}`}`;
    process.stdout.write(
      `${s.name.padEnd(width)}  ${s.healthy ? 'healthy  ' : 'unhealthy'}  ${s.detail}  [${where}]\n`,
    );
  }
}

function showLogs(runnerFiles: string[], follow: boolean, lines: number): Promise<number> {
  const files = runnerFiles.filter((file) => existsSync(file));
  if (files.length === 0) {
    log.info('no log files yet (has the stack been started?)');
    return Promise.resolve(0);
  }
  return new Promise((resolvePromise) => {
    const tail = spawn('tail', ['-n', String(lines), ...(follow ? ['-F'] : []), ...files], {
      stdio: 'inherit',
    });
    tail.on('exit', (code) => resolvePromise(code ?? 0));
  });
}

/** The workspace root (where nx.json is), whether this runs from source or from dist/. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`No nx.json above ${start}: run the stack from the repository.`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `up` picks "auto" ports itself (under its lock); other commands only read them.
  const config = await resolveAutoPorts(
    loadStackConfig(process.env, findRepoRoot(__dirname)),
    false,
  );
  const runner = new StackRunner({
    config,
    components: STACK_COMPONENTS,
    processEnv: process.env,
    log,
  });

  switch (command) {
    case 'up': {
      const unknown = rest.filter((arg) => arg !== '--tools');
      if (unknown.length > 0) throw new Error(`Unknown option(s) for up: ${unknown.join(' ')}`);
      const began = Date.now();
      if (rest.includes('--tools')) await ensureCheckTools(log);
      const env = await runner.up();
      log.info(
        `stack is up in ${((Date.now() - began) / 1000).toFixed(1)}s (data in ${config.stackDir})`,
      );
      process.stdout.write(`${formatEnvLines(env)}\n`);
      return 0;
    }
    case 'down':
      await runner.down();
      return 0;
    case 'status': {
      const statuses = await runner.status();
      printStatus(statuses);
      return statuses.every((s) => s.healthy) ? 0 : 1;
    }
    case 'env': {
      const unknown = rest.filter((arg) => arg !== '--export');
      if (unknown.length > 0) throw new Error(`Unknown option(s) for env: ${unknown.join(' ')}`);
      process.stdout.write(
        `${formatEnvLines(await runner.env(), { export: rest.includes('--export') })}\n`,
      );
      return 0;
    }
    case 'tools':
      await ensureCheckTools(log);
      return 0;
    case 'logs': {
      let follow = false;
      let lines = 100;
      const names: string[] = [];
      for (let i = 0; i < rest.length; i += 1) {
        const arg = rest[i];
        if (arg === '-f' || arg === '--follow') follow = true;
        else if (arg === '-n' || arg === '--lines') lines = Number(rest[(i += 1)]);
        else names.push(arg);
      }
      if (!Number.isInteger(lines) || lines < 0)
        throw new Error('-n needs a whole number of lines');
      const unknown = names.filter((name) => !STACK_COMPONENTS.some((c) => c.name === name));
      if (unknown.length > 0) throw new Error(`Unknown component(s): ${unknown.join(', ')}`);
      const chosen = STACK_COMPONENTS.filter((c) => names.length === 0 || names.includes(c.name));
      return showLogs(
        chosen.flatMap((c) => c.logFiles(config)),
        follow,
        lines,
      );
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      (command === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    default:
      throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `stack: error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
