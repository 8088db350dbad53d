import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { z } from 'zod';

import { type BootstrapFile, bootstrapFileSchema } from './bootstrap-file.schema';
import { exchangeEnvSchema } from './exchange-config.schema';

export interface AccountCredentials {
  readonly accountId: string;
  readonly name: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Validated configuration of one exchange-local process. */
export interface ExchangeConfig {
  readonly host: string;
  readonly port: number;
  readonly region: string;
  readonly tokenSecret: string;
  readonly maxBodyBytes: number;
  readonly maxClockSkewMs: number;
  readonly accounts: readonly AccountCredentials[];
  readonly bootstrap: BootstrapFile;
}

export class ExchangeConfigError extends Error {
  override readonly name = 'ExchangeConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;
type ReadFile = (path: string) => string;

const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

/** Reads and checks the environment and the bootstrap file; fails at boot with every problem listed. */
export function loadExchangeConfig(env: Env, readFile: ReadFile = readUtf8): ExchangeConfig {
  const parsedEnv = exchangeEnvSchema.safeParse(env);
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
    region: vars.EXCHANGE_REGION,
    tokenSecret: vars.EXCHANGE_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    maxBodyBytes: vars.EXCHANGE_MAX_BODY_BYTES,
    maxClockSkewMs: vars.EXCHANGE_MAX_CLOCK_SKEW_SECONDS * 1000,
    accounts: resolveAccountSecrets(bootstrap, env, (path) => readFile(resolve(baseDir, path))),
    bootstrap,
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
