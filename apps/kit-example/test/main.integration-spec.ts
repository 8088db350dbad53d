import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import {
  createKafkaClient,
  createS3Client,
  kafkaClientOptions,
  kafkaConfigFields,
  parseConfig,
  s3ClientOptions,
  s3ConfigFields,
} from '@tickline/service-kit';
import { z } from 'zod';

jest.setTimeout(180_000);

const repoRoot = join(__dirname, '..', '..', '..');
const appRoot = join(__dirname, '..');
const runId = `kit-main-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const STACK = [
  'KAFKA_BROKERS',
  'DATABASE_URL',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_REGION',
];

function stackVariables(): Record<string, string> {
  const missing = STACK.slice(0, 5).filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `The kit-example process test needs the local stack (${missing.join(', ')} unset): run ` +
        '`npm run stack -- up` and `eval "$(npm run -s stack -- env --export)"` first.',
    );
  }
  return Object.fromEntries(
    STACK.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) {
    throw new Error('Could not find a free port.');
  }
  return address.port;
}

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

/** Runs the built service with only the given variables (plus PATH), as a container would. */
function runService(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: appRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  const run: Run = {
    child,
    stdout: [],
    stderr: [],
    exit: once(child, 'exit').then(([code]) => code as number | null),
  };
  child.stdout?.on('data', (chunk: Buffer) =>
    run.stdout.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
  );
  child.stderr?.on('data', (chunk: Buffer) =>
    run.stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
  );
  return run;
}

function messages(lines: string[]): string[] {
  return lines.flatMap((line) => {
    try {
      return [String((JSON.parse(line) as { msg?: unknown }).msg)];
    } catch {
      return [];
    }
  });
}

async function until(what: string, condition: () => boolean, run: Run): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline || run.child.exitCode !== null) {
      throw new Error(`Gave up waiting for ${what}. stderr: ${run.stderr.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('kit-example as a process (built main.js)', () => {
  beforeAll(() => {
    // The same build `npm test` runs first; Nx makes it a cache hit then.
    execFileSync('npx', ['nx', 'run', 'kit-example:build', '--output-style=static'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  });

  it('exits with code 1 and one clear line when the configuration is invalid', async () => {
    const run = runService({ PORT: 'eighty', S3_ENDPOINT: 'http://127.0.0.1:19000' });
    expect(await run.exit).toBe(1);
    expect(run.stderr).toHaveLength(1);
    const line = JSON.parse(run.stderr[0] ?? '{}') as { level: string; msg: string };
    expect(line.level).toBe('fatal');
    expect(line.msg).toBe(
      'Invalid configuration: PORT is invalid: expected an integer between 1 and 65535, got "eighty" (TCP port 1-65535); ' +
        'KAFKA_BROKERS is required (comma separated host:port list); ' +
        'DATABASE_URL is required (postgresql://user:password@host:port/database)',
    );
  });

  it('serves on PORT, and on SIGTERM drains the consumer and exits 0', async () => {
    const stack = stackVariables();
    const port = await freePort();
    const env = {
      ...stack,
      PORT: String(port),
      EXAMPLE_TOPIC: `${runId}.greetings`,
      EXAMPLE_GROUP_ID: runId,
      EXAMPLE_BUCKET: runId,
    };
    const run = runService(env);
    try {
      await until(
        'the listening line',
        () => messages(run.stdout).some((msg) => msg.includes('is listening on')),
        run,
      );
      expect(messages(run.stdout)).toContain(
        `kit-example is listening on http://127.0.0.1:${port}.`,
      );
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);

      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      const logged = messages(run.stdout);
      const drained = logged.findIndex((msg) =>
        msg.startsWith(`Drained kafka consumer ${runId} in `),
      );
      expect(drained).toBeGreaterThan(
        logged.indexOf('Draining 1 callback(s) before closing connections.'),
      );
      expect(
        run.stderr.filter(
          (line) => !line.includes('NodeVersionSupportWarning') && line.startsWith('{'),
        ),
      ).toEqual([]);
    } finally {
      if (run.child.exitCode === null) {
        run.child.kill('SIGKILL');
      }
      const kafka = createKafkaClient(
        kafkaClientOptions({
          ...parseConfig(z.object(kafkaConfigFields()), stack),
          SERVICE_NAME: 'kit-example-e2e',
          LOG_LEVEL: 'error',
        }),
      );
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([runId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [env.EXAMPLE_TOPIC] });
      await admin.disconnect();
      const s3 = createS3Client(s3ClientOptions(parseConfig(z.object(s3ConfigFields()), stack)));
      await s3.send(new DeleteBucketCommand({ Bucket: runId })).catch(() => undefined);
      s3.destroy();
    }
  });
});
