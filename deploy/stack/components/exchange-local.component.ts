import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { z } from 'zod';

import type { Logger, StackComponent } from '../component.interface';
import type { StackCredentials } from '../credentials.util';
import { runChecked, spawnDetached, stopProcess } from '../process.util';
import type { StackConfig } from '../stack-config.util';

/** exchange-local's region unless the user's own instance says otherwise (the app's default). */
export const EXCHANGE_REGION = 'us-east-1';
const APP_DIR = join('apps', 'exchange-local');
const BOOTSTRAP_FILE = join(APP_DIR, 'config', 'local-stack.bootstrap.json');
const PRISMA_SCHEMA = join(APP_DIR, 'prisma', 'schema.prisma');
/** exchange-local's PostgreSQL schema (its own migrations, separate from libs/db's). */
const DATABASE_SCHEMA = 'exchange';

/** The variables `stack env` hands out for this component. */
export const EXCHANGE_ENV_KEYS = [
  'EXCHANGE_ENDPOINT',
  'EXCHANGE_REGION',
  'EXCHANGE_PROVIDER_ACCESS_KEY_ID',
  'EXCHANGE_PROVIDER_SECRET_ACCESS_KEY',
  'EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID',
  'EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY',
  'EXCHANGE_PRODUCT_ID',
] as const;

function paths(config: StackConfig) {
  const root = join(config.stackDir, 'exchange-local');
  return {
    root,
    logFile: join(root, 'exchange-local.log'),
    buildStamp: join(root, 'build.stamp'),
    main: join(config.repoRoot, APP_DIR, 'dist', 'main.js'),
    bootstrap: join(config.repoRoot, BOOTSTRAP_FILE),
  };
}

// Only what the stack needs from the bootstrap file; exchange-local validates the rest.
const secretRefSchema = z.union([
  z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }),
  z.object({ file: z.string() }),
]);
const bootstrapSchema = z.object({
  accounts: z.array(
    z.object({ accountId: z.string(), accessKeyId: z.string(), secretAccessKey: secretRefSchema }),
  ),
  products: z.array(z.object({ productId: z.string(), ownerAccountId: z.string() })).min(1),
  subscriptions: z.array(z.object({ productId: z.string(), subscriberAccountId: z.string() })),
});

export interface LocalStackAccounts {
  productId: string;
  provider: { accessKeyId: string; secretEnv: string };
  subscriber: { accessKeyId: string; secretEnv: string };
}

/**
 * The provider (owner of the first product), a subscriber of that product and the product
 * itself. Their secrets must be read from variables, which the stack fills with its own
 * generated secrets when it starts the process.
 */
export function localStackAccounts(
  bootstrap: unknown,
  source = 'the bootstrap file',
): LocalStackAccounts {
  const parsed = bootstrapSchema.safeParse(bootstrap);
  if (!parsed.success) {
    throw new Error(
      `${source} is not a valid exchange-local bootstrap file: ${z.prettifyError(parsed.error)}`,
    );
  }
  const { accounts, products, subscriptions } = parsed.data;
  const [product] = products;
  const accountOf = (accountId: string | undefined, role: string) => {
    const account = accounts.find((candidate) => candidate.accountId === accountId);
    if (!account) throw new Error(`${source} names no ${role} account for ${product.productId}`);
    if (!('env' in account.secretAccessKey)) {
      throw new Error(
        `${source}: the ${role} account's secret must come from a variable ({ "env": ... }), so the stack can set it`,
      );
    }
    return { accessKeyId: account.accessKeyId, secretEnv: account.secretAccessKey.env };
  };
  const subscription = subscriptions.find((s) => s.productId === product.productId);
  return {
    productId: product.productId,
    provider: accountOf(product.ownerAccountId, 'provider'),
    subscriber: accountOf(subscription?.subscriberAccountId, 'subscriber'),
  };
}

function readLocalStackAccounts(config: StackConfig): LocalStackAccounts {
  const file = paths(config).bootstrap;
  return localStackAccounts(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** The same PostgreSQL URL with Prisma's `?schema=` (as exchange-local derives it itself). */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

export function exchangeEnv(
  endpoint: string,
  accounts: LocalStackAccounts,
  secrets: NonNullable<StackCredentials['exchange']>,
): Record<(typeof EXCHANGE_ENV_KEYS)[number], string> {
  return {
    EXCHANGE_ENDPOINT: endpoint,
    EXCHANGE_REGION,
    EXCHANGE_PROVIDER_ACCESS_KEY_ID: accounts.provider.accessKeyId,
    EXCHANGE_PROVIDER_SECRET_ACCESS_KEY: secrets.providerSecretAccessKey,
    EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID: accounts.subscriber.accessKeyId,
    EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY: secrets.subscriberSecretAccessKey,
    EXCHANGE_PRODUCT_ID: accounts.productId,
  };
}

// The user's shell may hold settings of another stack or of their own services; the
// process gets exactly the upstream components' settings and ours.
const INHERITED_BUT_REPLACED = /^(EXCHANGE_|S3_|KAFKA_BROKERS$|DATABASE_URL$)/;

/** The environment of the exchange-local process the stack starts. */
export function exchangeProcessEnv(options: {
  config: StackConfig;
  secrets: NonNullable<StackCredentials['exchange']>;
  accounts: LocalStackAccounts;
  upstreamEnv: Record<string, string>;
  inherited: NodeJS.ProcessEnv;
}): NodeJS.ProcessEnv {
  const { config, secrets, accounts, upstreamEnv, inherited } = options;
  const databaseUrl = upstreamEnv.DATABASE_URL;
  if (!databaseUrl)
    throw new Error('exchange-local needs DATABASE_URL from the postgres component');
  const kept = Object.fromEntries(
    Object.entries(inherited).filter(([key]) => !INHERITED_BUT_REPLACED.test(key)),
  );
  return {
    ...kept,
    ...upstreamEnv,
    EXCHANGE_HOST: config.host,
    EXCHANGE_PORT: String(config.ports.exchange),
    EXCHANGE_REGION,
    EXCHANGE_DATABASE_URL: withSchema(databaseUrl, DATABASE_SCHEMA),
    EXCHANGE_BOOTSTRAP_FILE: paths(config).bootstrap,
    // Stable across restarts, so pagination tokens and signed URLs stay valid.
    EXCHANGE_TOKEN_SECRET: secrets.tokenSecret,
    [accounts.provider.secretEnv]: secrets.providerSecretAccessKey,
    [accounts.subscriber.secretEnv]: secrets.subscriberSecretAccessKey,
  };
}

/** Workspace libraries a source tree imports (`@tickline/x`), by package name. */
export function importedWorkspacePackages(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(
    /(?:from\s+|import\(\s*|require\(\s*)'(@tickline\/[a-z0-9-]+)'/g,
  )) {
    names.add(match[1]);
  }
  return [...names];
}

const SKIPPED_DIRS = new Set(['dist', 'node_modules', 'generated', 'test', 'coverage']);
const isSpec = (file: string) => /\.(integration-)?spec\.ts$/.test(file);

function walkFiles(dir: string, visit: (file: string) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walkFiles(full, visit);
    } else if (entry.isFile() && !isSpec(entry.name)) {
      visit(full);
    }
  }
}

/**
 * exchange-local and the workspace libraries it needs at run time (followed transitively),
 * as project folders: these hold every input of its build.
 */
export function buildProjects(repoRoot: string): string[] {
  const folderOf = (name: string) =>
    ['libs', 'apps'].map((group) => join(repoRoot, group, name)).find((dir) => existsSync(dir));
  const projects = [join(repoRoot, APP_DIR)];
  for (let i = 0; i < projects.length; i += 1) {
    walkFiles(join(projects[i], 'src'), (file) => {
      if (!file.endsWith('.ts')) return;
      for (const name of importedWorkspacePackages(readFileSync(file, 'utf8'))) {
        const dir = folderOf(name.slice('@tickline/'.length));
        if (dir && !projects.includes(dir)) projects.push(dir);
      }
    });
  }
  return projects;
}

function mtimeOf(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Whether the last build is newer than every input, so `up` can skip Nx (which takes seconds
 * even from its cache). Outputs: each project's `main` from its package.json. The stamp
 * records a build that Nx answered from its cache without touching the outputs.
 */
export function isBuildFresh(repoRoot: string, stampFile: string): boolean {
  const projects = buildProjects(repoRoot);
  let builtAt = mtimeOf(stampFile) ?? 0;
  for (const project of projects) {
    const main = (
      JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { main?: string }
    ).main;
    const output = mtimeOf(
      join(project, project.endsWith(APP_DIR) ? 'dist/main.js' : (main ?? 'dist/index.js')),
    );
    if (output === undefined) return false;
    if (project.endsWith(APP_DIR)) builtAt = Math.max(builtAt, output);
  }
  if (!existsSync(join(repoRoot, APP_DIR, 'src', 'generated'))) return false;
  let newestInput = mtimeOf(join(repoRoot, '.swcrc')) ?? 0;
  for (const project of projects) {
    walkFiles(project, (file) => {
      newestInput = Math.max(newestInput, mtimeOf(file) ?? 0);
    });
  }
  return newestInput <= builtAt;
}

async function ensureBuilt(config: StackConfig, log: Logger): Promise<void> {
  const { root, buildStamp } = paths(config);
  if (isBuildFresh(config.repoRoot, buildStamp)) return;
  log.info('exchange-local: building (npx nx run exchange-local:build; Prisma client included)');
  await runChecked(
    join(config.repoRoot, 'node_modules', '.bin', 'nx'),
    ['run', 'exchange-local:build', '--output-style=static'],
    { cwd: config.repoRoot, timeoutMs: 600_000 },
  );
  mkdirSync(root, { recursive: true });
  writeFileSync(buildStamp, `${new Date().toISOString()}\n`);
}

async function clients(env: Record<string, string>) {
  // Loaded lazily: the SDK is slow to import and most stack commands never need it.
  const { DataExchangeClient } = await import('@aws-sdk/client-dataexchange');
  const { MarketplaceCatalogClient } = await import('@aws-sdk/client-marketplace-catalog');
  const options = (accessKeyId: string, secretAccessKey: string) => ({
    endpoint: env.EXCHANGE_ENDPOINT,
    region: env.EXCHANGE_REGION || EXCHANGE_REGION,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
  });
  return {
    catalog: new MarketplaceCatalogClient(
      options(env.EXCHANGE_PROVIDER_ACCESS_KEY_ID, env.EXCHANGE_PROVIDER_SECRET_ACCESS_KEY),
    ),
    subscriber: new DataExchangeClient(
      options(env.EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID, env.EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY),
    ),
  };
}

/**
 * What the printed settings promise: the provider's keys open its product, the subscriber's
 * keys are accepted. Signed calls through the SDK, as any client would make them.
 */
async function checkAccounts(env: Record<string, string>): Promise<string> {
  const { DescribeEntityCommand } = await import('@aws-sdk/client-marketplace-catalog');
  const { ListDataSetsCommand } = await import('@aws-sdk/client-dataexchange');
  const { catalog, subscriber } = await clients(env);
  try {
    const product = await catalog.send(
      new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: env.EXCHANGE_PRODUCT_ID }),
    );
    const details = JSON.parse(product.Details ?? '{}') as { DataSets?: unknown[] };
    const dataSets = details.DataSets ?? [];
    const entitled = await subscriber.send(new ListDataSetsCommand({ Origin: 'ENTITLED' }));
    return `product ${env.EXCHANGE_PRODUCT_ID} (${dataSets.length} data set${dataSets.length === 1 ? '' : 's'}), subscriber entitled to ${entitled.DataSets?.length ?? 0}${entitled.NextToken ? '+' : ''}`;
  } finally {
    catalog.destroy();
    subscriber.destroy();
  }
}

async function probe(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) {
    throw new Error(
      `${new URL(url).pathname} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
    );
  }
}

export const exchangeLocalComponent: StackComponent = {
  name: 'exchange-local',
  dependsOn: ['postgres', 'kafka', 'minio'],
  // A first build from a fresh clone runs before this clock starts (install); this covers
  // migrations and the Nest boot on a busy machine.
  startTimeoutMs: 120_000,

  version(config) {
    try {
      const pkg = JSON.parse(
        readFileSync(join(config.repoRoot, APP_DIR, 'package.json'), 'utf8'),
      ) as { version?: string };
      return pkg.version ?? 'unknown';
    } catch {
      return 'unknown';
    }
  },

  ports(config) {
    return { exchange: config.ports.exchange };
  },

  externalEnv(processEnv, own) {
    const endpoint = processEnv.EXCHANGE_ENDPOINT?.trim();
    if (!endpoint || endpoint === own?.EXCHANGE_ENDPOINT) return undefined;
    const env: Record<string, string> = { EXCHANGE_ENDPOINT: endpoint, EXCHANGE_REGION };
    const missing: string[] = [];
    for (const key of EXCHANGE_ENV_KEYS) {
      const value = processEnv[key]?.trim();
      if (value) env[key] = value;
      else if (key !== 'EXCHANGE_REGION') missing.push(key);
    }
    if (missing.length > 0) {
      throw new Error(`EXCHANGE_ENDPOINT is set, so ${missing.join(', ')} must be set too.`);
    }
    return env;
  },

  ownEnv({ config, credentials }) {
    // Credentials from before exchange-local joined the stack: nothing to hand out until `up`.
    if (!credentials.exchange) return {};
    return exchangeEnv(
      `http://${config.host}:${config.ports.exchange}`,
      readLocalStackAccounts(config),
      credentials.exchange,
    );
  },

  async install({ config, log }) {
    await ensureBuilt(config, log);
  },

  async start({ config, credentials, upstreamEnv, log }) {
    const { root, logFile, main } = paths(config);
    if (!credentials.exchange)
      throw new Error('exchange-local: no generated secrets in the credentials');
    const env = exchangeProcessEnv({
      config,
      secrets: credentials.exchange,
      accounts: readLocalStackAccounts(config),
      upstreamEnv,
      inherited: process.env,
    });
    mkdirSync(root, { recursive: true });
    const migrated = await runChecked(
      join(config.repoRoot, 'node_modules', '.bin', 'tsx'),
      [join('libs', 'db', 'scripts', 'migrate.ts'), '--schema', PRISMA_SCHEMA],
      {
        cwd: config.repoRoot,
        env: { ...process.env, DATABASE_URL: env.EXCHANGE_DATABASE_URL },
        timeoutMs: 180_000,
      },
    );
    log.info(`exchange-local: migrations: ${migrated.trim().split('\n')[0]}`);
    // The stack folder as a last argument (ignored by the app) tells this stack's process
    // apart from another stack's, which runs the same main.js.
    const pid = spawnDetached(process.execPath, [main, root], {
      cwd: config.repoRoot,
      logFile,
      env,
    });
    return { pid, ports: this.ports(config) };
  },

  async health(env, { config }) {
    const endpoint = env.EXCHANGE_ENDPOINT.replace(/\/+$/, '');
    if (endpoint === `http://${config.host}:${config.ports.exchange}`) {
      await probe(`${endpoint}/healthz`);
      await probe(`${endpoint}/readyz`);
      return 'ready';
    }
    // A user's instance (maybe not ours at all) is checked the way clients use it.
    return `serving (${await checkAccounts(env)})`;
  },

  async prepare(env, { log }) {
    // The accounts and the product come from the bootstrap file at every start; this proves
    // the printed settings work before anyone relies on them.
    log.info(`exchange-local: ${await checkAccounts(env)}`);
  },

  async stop(pid) {
    // Its own shutdown drains in-flight requests and job runners first (up to 10 s).
    await stopProcess(pid, 20_000);
  },

  isOwnProcess(argv, config) {
    const { main, root } = paths(config);
    return basename(argv[0] ?? '').startsWith('node') && argv[1] === main && argv[2] === root;
  },

  logFiles(config) {
    return [paths(config).logFile];
  },
};
