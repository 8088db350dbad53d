import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import { aptInstall } from '../apt.util';
import type { ComponentContext, StackComponent } from '../component.interface';
import { isRoot, runChecked, runCommand, stopProcess } from '../process.util';
import type { StackConfig } from '../stack-config.util';

const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

function paths(config: StackConfig) {
  const root = join(config.stackDir, 'postgres');
  return {
    root,
    data: join(root, 'data'),
    logDir: join(root, 'log'),
    logFile: join(root, 'log', 'postgres.log'),
  };
}

/** Server binaries of Debian's packages: the configured major version, else the newest installed. */
export function findPostgresBinDir(
  preferredMajor: string,
  root = DEBIAN_POSTGRES_ROOT,
): string | undefined {
  const hasServer = (major: string) => existsSync(join(root, major, 'bin', 'initdb'));
  if (hasServer(preferredMajor)) return join(root, preferredMajor, 'bin');
  if (!existsSync(root)) return undefined;
  const installed = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry) && hasServer(entry))
    .sort((a, b) => Number(b) - Number(a));
  return installed[0] === undefined ? undefined : join(root, installed[0], 'bin');
}

function requireBinDir(config: StackConfig): string {
  const binDir = findPostgresBinDir(config.versions.postgres);
  if (!binDir)
    throw new Error(
      'PostgreSQL server binaries are not installed (run `npm run stack -- up` as root).',
    );
  return binDir;
}

/** A client tool: the server package's copy when present, else whatever is on PATH. */
function clientTool(config: StackConfig, tool: 'psql' | 'pg_isready'): string {
  const binDir = findPostgresBinDir(config.versions.postgres);
  return binDir ? join(binDir, tool) : tool;
}

// PostgreSQL refuses to run as root; as root we run its tools as the `postgres` user.
function asServerUser(command: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function serverUserIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot()) return undefined;
  const uid = await runCommand('id', ['-u', 'postgres']);
  const gid = await runCommand('id', ['-g', 'postgres']);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      'The `postgres` system user does not exist; reinstall the Debian `postgresql` package.',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function ownedDir(dir: string, ids: { uid: number; gid: number } | undefined): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ids) chownSync(dir, ids.uid, ids.gid);
}

function ownedFile(
  file: string,
  content: string,
  ids: { uid: number; gid: number } | undefined,
): void {
  writeFileSync(file, content, { mode: 0o600 });
  if (ids) chownSync(file, ids.uid, ids.gid);
}

export function postgresUrl(
  user: string,
  password: string,
  host: string,
  port: number,
  database: string,
): string {
  return `postgresql://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

async function initDataDir(
  config: StackConfig,
  ctx: ComponentContext,
  ids: { uid: number; gid: number } | undefined,
) {
  const { root, data } = paths(config);
  if (existsSync(join(data, 'PG_VERSION'))) return;
  // A data folder without PG_VERSION is a half-finished initdb: start it over.
  rmSync(data, { recursive: true, force: true });
  ownedDir(data, ids);
  const passwordFile = join(root, '.initdb-password');
  ownedFile(passwordFile, `${ctx.credentials.postgres.password}\n`, ids);
  try {
    ctx.log.info('postgres: creating a new database cluster');
    const [command, args] = asServerUser(join(requireBinDir(config), 'initdb'), [
      '-D',
      data,
      '-U',
      ctx.credentials.postgres.user,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
    ]);
    await runChecked(command, args, { cwd: root });
  } finally {
    rmSync(passwordFile, { force: true });
  }
  const mainConf = join(data, 'postgresql.conf');
  writeFileSync(mainConf, `${readFileSync(mainConf, 'utf8')}\ninclude = 'tickline.conf'\n`);
}

function writeStackConf(config: StackConfig, ids: { uid: number; gid: number } | undefined): void {
  const { data } = paths(config);
  // Rewritten on every start, so a changed port takes effect. No Unix socket: all
  // clients use TCP, which avoids socket-path length and permission problems.
  const conf = [
    '# Written by the local stack on every start; edit deploy/stack instead.',
    `listen_addresses = '${config.host}'`,
    `port = ${config.ports.postgres}`,
    "unix_socket_directories = ''",
    'max_connections = 200',
    // Loses at most the last moments of commits on a machine crash, never consistency.
    'synchronous_commit = off',
    "log_line_prefix = '%m [%p] %q%u@%d '",
    '',
  ].join('\n');
  writeFileSync(join(data, 'tickline.conf'), conf, { mode: 0o600 });
  if (ids) chownSync(join(data, 'tickline.conf'), ids.uid, ids.gid);
}

async function psql(config: StackConfig, url: string, sql: string): Promise<string> {
  return (
    await runChecked(clientTool(config, 'psql'), ['-X', '-A', '-t', '-q', '-d', url, '-c', sql], {
      timeoutMs: 10_000,
    })
  ).trim();
}

export const postgresComponent: StackComponent = {
  name: 'postgres',
  dependsOn: [],
  startTimeoutMs: 60_000,

  version(config) {
    const binDir = findPostgresBinDir(config.versions.postgres);
    return binDir
      ? (binDir.split('/').at(-2) ?? config.versions.postgres)
      : config.versions.postgres;
  },

  ports(config) {
    return { postgres: config.ports.postgres };
  },

  externalEnv(processEnv, own) {
    const url = processEnv.DATABASE_URL?.trim();
    if (!url || url === own?.DATABASE_URL) return undefined;
    return { DATABASE_URL: url };
  },

  ownEnv({ config, credentials }) {
    const { user, password, database } = credentials.postgres;
    return {
      DATABASE_URL: postgresUrl(user, password, config.host, config.ports.postgres, database),
    };
  },

  async install(ctx) {
    if (findPostgresBinDir(ctx.config.versions.postgres)) return;
    await aptInstall(['postgresql'], ctx.log);
    if (!findPostgresBinDir(ctx.config.versions.postgres)) {
      throw new Error(
        `Installed the postgresql package but found no server under ${DEBIAN_POSTGRES_ROOT}/*/bin.`,
      );
    }
  },

  async start(ctx) {
    const { config } = ctx;
    const { root, data, logDir, logFile } = paths(config);
    const binDir = requireBinDir(config);
    const ids = await serverUserIds();
    mkdirSync(config.stackDir, { recursive: true });
    ownedDir(root, ids);
    ownedDir(logDir, ids);
    if (ids) {
      const probe = await runCommand('runuser', ['-u', 'postgres', '--', 'test', '-w', root]);
      if (probe.code !== 0) {
        throw new Error(
          `The postgres user cannot write to ${root}: a parent folder is not accessible to other users. ` +
            'Point TICKLINE_STACK_DIR at a folder outside private home directories.',
        );
      }
    }
    await initDataDir(config, ctx, ids);
    writeStackConf(config, ids);

    const [command, args] = asServerUser(join(binDir, 'pg_ctl'), [
      'start',
      '-D',
      data,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      '-s',
    ]);
    await runChecked(command, args, { cwd: root, detached: true, timeoutMs: 90_000 });
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);

    // The application database is made right away so the health check can use it.
    const { user, password, database } = ctx.credentials.postgres;
    const adminUrl = postgresUrl(user, password, config.host, config.ports.postgres, 'postgres');
    const exists = await psql(
      config,
      adminUrl,
      `select 1 from pg_database where datname = '${database}'`,
    );
    if (exists !== '1') {
      ctx.log.info(`postgres: creating database ${database}`);
      await psql(config, adminUrl, `create database ${database}`);
    }
    return { pid, ports: this.ports(config) };
  },

  async health(env, { config }) {
    const url = env.DATABASE_URL;
    const ready = await runCommand(clientTool(config, 'pg_isready'), ['-d', url, '-t', '3'], {
      timeoutMs: 10_000,
    });
    if (ready.code !== 0) throw new Error(ready.stdout.trim() || 'not accepting connections');
    const version = await psql(config, url, "select current_setting('server_version')");
    return `accepting connections (PostgreSQL ${version.split(' ')[0]})`;
  },

  async stop(pid, { config, log }) {
    const { data } = paths(config);
    const binDir = findPostgresBinDir(config.versions.postgres);
    if (binDir) {
      const [command, args] = asServerUser(join(binDir, 'pg_ctl'), [
        'stop',
        '-D',
        data,
        '-m',
        'fast',
        '-w',
        '-t',
        '30',
        '-s',
      ]);
      const result = await runCommand(command, args, { cwd: config.stackDir, timeoutMs: 40_000 });
      if (result.code === 0) return;
      log.warn(`postgres: pg_ctl stop failed (${result.stderr.trim()}); signalling pid ${pid}`);
    }
    await stopProcess(pid, 30_000);
  },

  isOwnProcess(argv, config) {
    return (argv[0] ?? '').endsWith('/postgres') && argv.includes(paths(config).data);
  },

  logFiles(config) {
    return [paths(config).logFile];
  },
};
