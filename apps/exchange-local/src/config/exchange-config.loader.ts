import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { z } from 'zod';

import { withSchema } from '../persistence/database-url.util';

import { type BootstrapFile, bootstrapFileSchema } from './bootstrap-file.schema';
import { exchangeEnvSchema } from './exchange-config.schema';

export interface AccountCredentials {
  readonly accountId: string;
  readonly name: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface S3Settings {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly forcePathStyle: boolean;
}

export interface WorkerSettings {
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  readonly maxAttempts: number;
}

/** Validated configuration of one exchange-local process. */
export interface ExchangeConfig {
  readonly host: string;
  readonly port: number;
  /** Base URL for signed URLs; undefined means http://host:port of the listening server. */
  readonly publicUrl: string | undefined;
  readonly region: string;
  readonly tokenSecret: string;
  readonly maxBodyBytes: number;
  readonly maxClockSkewMs: number;
  /** Requests per second per account before ThrottlingException; 0 turns throttling off. */
  readonly throttleRps: number;
  /** Bearer token of the admin API; undefined turns the admin API off. */
  readonly adminToken: string | undefined;
  readonly databaseUrl: string;
  readonly bucket: string;
  readonly s3: S3Settings;
  readonly kafkaBrokers: readonly string[] | undefined;
  readonly eventsTopic: string;
  readonly worker: WorkerSettings;
  readonly accounts: readonly AccountCredentials[];
  readonly bootstrap: BootstrapFile;
  /**
   * Variables for the service kit's own config (SERVICE_NAME, PORT, LOG_LEVEL, shutdown and
   * health settings), validated by its ConfigModule.
   */
  readonly serviceEnv: Readonly<Record<string, string>>;
}

/** The service kit's variables exchange-local passes through unchanged. */
const SERVICE_KIT_VARIABLES = [
  'LOG_LEVEL',
  'SHUTDOWN_DRAIN_TIMEOUT',
  'HEALTH_MAX_EVENT_LOOP_DELAY',
  'HEALTH_PROBE_TIMEOUT',
] as const;

export class ExchangeConfigError extends Error {
  override readonly name = 'ExchangeConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;
type ReadFile = (path: string) => string;

const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

/** Reads and checks the environment and the bootstrap file; fails at boot with every problem listed. */
export function loadExchangeConfig(env: Env, readFile: ReadFile = readUtf8): ExchangeConfig {
  // An empty variable means "not set", as shells and compose files commonly write it.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsedEnv = exchangeEnvSchema.safeParse(present);
  if (!parsedEnv.success) {
    throw new ExchangeConfigError(
      `Invalid exchange-local environment:\n${z.prettifyError(parsedEnv.error)}`,
    );
  }
  const vars = parsedEnv.data;
  const bootstrapPath = vars.EXCHANGE_BOOTSTRAP_FILE;
  const bootstrap = bootstrapPath
    ? readBootstrapFile(bootstrapPath, readFile)
    : bootstrapFileSchema.parse({});
  const baseDir = bootstrapPath ? dirname(resolve(bootstrapPath)) : process.cwd();
  return {
    host: vars.EXCHANGE_HOST,
    port: vars.EXCHANGE_PORT,
    publicUrl: vars.EXCHANGE_PUBLIC_URL?.replace(/\/+$/, ''),
    region: vars.EXCHANGE_REGION,
    tokenSecret: vars.EXCHANGE_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    maxBodyBytes: vars.EXCHANGE_MAX_BODY_BYTES,
    maxClockSkewMs: vars.EXCHANGE_MAX_CLOCK_SKEW_SECONDS * 1000,
    throttleRps: vars.EXCHANGE_THROTTLE_RPS,
    adminToken: vars.EXCHANGE_ADMIN_TOKEN,
    databaseUrl: vars.EXCHANGE_DATABASE_URL ?? withSchema(vars.DATABASE_URL as string, 'exchange'),
    bucket: vars.EXCHANGE_BUCKET,
    s3: {
      endpoint: vars.S3_ENDPOINT,
      region: vars.S3_REGION,
      accessKeyId: vars.S3_ACCESS_KEY_ID,
      secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
      forcePathStyle: vars.S3_FORCE_PATH_STYLE,
    },
    kafkaBrokers: vars.KAFKA_BROKERS,
    eventsTopic: vars.EXCHANGE_EVENTS_TOPIC,
    worker: {
      concurrency: vars.EXCHANGE_WORKER_CONCURRENCY,
      pollIntervalMs: vars.EXCHANGE_WORKER_POLL_MS,
      leaseMs: vars.EXCHANGE_JOB_LEASE_SECONDS * 1000,
      maxAttempts: vars.EXCHANGE_JOB_MAX_ATTEMPTS,
    },
    accounts: resolveAccountSecrets(bootstrap, env, (path) => readFile(resolve(baseDir, path))),
    bootstrap,
    serviceEnv: {
      SERVICE_NAME: 'exchange-local',
      // The kit only reports PORT; exchange-local listens on EXCHANGE_PORT, which may be 0.
      ...(vars.EXCHANGE_PORT > 0 ? { PORT: String(vars.EXCHANGE_PORT) } : {}),
      ...Object.fromEntries(
        SERVICE_KIT_VARIABLES.flatMap((name) => (present[name] ? [[name, present[name]]] : [])),
      ),
    },
  };
}

export function readBootstrapFile(path: string, readFile: ReadFile): BootstrapFile {
  let json: unknown;
  try {
    json = JSON.parse(readFile(path));
  } catch (error) {
    throw new ExchangeConfigError(
      `Cannot read bootstrap file ${path}: ${(error as Error).message}`,
    );
  }
  const parsed = bootstrapFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ExchangeConfigError(
      `Invalid bootstrap file ${path}:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

export function resolveAccountSecrets(
  bootstrap: BootstrapFile,
  env: Env,
  readFile: ReadFile,
): AccountCredentials[] {
  const problems: string[] = [];
  const accounts = bootstrap.accounts.map((account) => {
    const source = account.secretAccessKey;
    let secret: string | undefined;
    if ('env' in source) {
      secret = env[source.env];
      if (!secret)
        problems.push(
          `account ${account.accountId}: environment variable ${source.env} is not set`,
        );
    } else {
      try {
        secret = readFile(source.file).trim();
        if (!secret) problems.push(`account ${account.accountId}: ${source.file} is empty`);
      } catch (error) {
        problems.push(
          `account ${account.accountId}: cannot read ${source.file}: ${(error as Error).message}`,
        );
      }
    }
    return {
      accountId: account.accountId,
      name: account.name,
      accessKeyId: account.accessKeyId,
      secretAccessKey: secret ?? '',
    };
  });
  if (problems.length > 0) {
    throw new ExchangeConfigError(
      `Missing account secrets:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return accounts;
}
