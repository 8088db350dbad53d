import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { eventually } from './exchange-harness.util';
import { OUTSIDER, PROVIDER, SUBSCRIBER } from './test-accounts.fixture';

const REPO_ROOT = resolve(__dirname, '../../../..');
const MAIN = resolve(__dirname, '../../dist/main.js');

/** Builds exchange-local (and the libraries it needs) so it can run as its own process. */
export function buildExchangeLocal(): void {
  execFileSync('npx', ['nx', 'run', 'exchange-local:build', '--output-style=static'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
}

export interface ExchangeProcess {
  readonly endpoint: string;
  readonly child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A bootstrap file for the test accounts, with their secrets passed as env vars. */
function writeBootstrap(
  runId: string,
  productId: string,
): { path: string; env: Record<string, string> } {
  const accounts = [PROVIDER, SUBSCRIBER, OUTSIDER];
  const path = join(tmpdir(), `exchange-local-${runId}-bootstrap.json`);
  writeFileSync(
    path,
    JSON.stringify({
      accounts: accounts.map((account) => ({
        accountId: account.accountId,
        name: account.name,
        accessKeyId: account.accessKeyId,
        secretAccessKey: { env: `EXL_TEST_SECRET_${account.accountId}` },
      })),
      products: [{ productId, ownerAccountId: PROVIDER.accountId, title: `Test product ${runId}` }],
      subscriptions: [{ productId, subscriberAccountId: SUBSCRIBER.accountId }],
    }),
  );
  return {
    path,
    env: Object.fromEntries(
      accounts.map((account) => [`EXL_TEST_SECRET_${account.accountId}`, account.secretAccessKey]),
    ),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `node dist/main.js` with the harness's state and waits until it is ready. */
export async function spawnExchangeLocal(
  runId: string,
  productId: string,
  env: Record<string, string>,
): Promise<ExchangeProcess> {
  const port = await freePort();
  const bootstrap = writeBootstrap(runId, productId);
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...env,
      ...bootstrap.env,
      EXCHANGE_PORT: String(port),
      EXCHANGE_BOOTSTRAP_FILE: bootstrap.path,
      KAFKA_BROKERS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`exchange-local exited early:\n${output}`);
      const ready = await fetch(`${endpoint}/readyz`)
        .then((response) => response.ok)
        .catch(() => false);
      return ready ? true : undefined;
    }, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    child,
    output: () => output,
    kill: async (signal) => {
      child.kill(signal);
      await exited;
    },
  };
}
