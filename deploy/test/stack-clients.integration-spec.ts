// Independent clients, none of them our code, must be able to use the running stack
// with nothing but the settings `stack env` prints. Install them with
// `npm run stack -- tools`.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { kafkaBrokers, requireEnv } from './support/integration-env.util';

const run = promisify(execFile);

jest.setTimeout(60_000);

async function tool(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  try {
    return await run(command, args, { env, timeout: 45_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${command} is not installed; run \`npm run stack -- tools\` first.`);
    }
    throw error;
  }
}

function awsEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: requireEnv('S3_ACCESS_KEY_ID'),
    AWS_SECRET_ACCESS_KEY: requireEnv('S3_SECRET_ACCESS_KEY'),
    AWS_DEFAULT_REGION: requireEnv('S3_REGION'),
    // Keep the CLI away from any profile or credentials file of the person running the tests.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
}

describe('independent clients against the stack', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stack-clients-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('kcat lists the broker in the cluster metadata', async () => {
    const brokers = kafkaBrokers();
    const { stdout } = await tool('kcat', ['-L', '-b', brokers.join(','), '-m', '10']);
    expect(stdout).toMatch(/Metadata for all topics/);
    expect(stdout).toMatch(/1 brokers:/);
    const [host, port] = brokers[0].split(':');
    expect(stdout).toContain(`${host}:${port}`);
  });

  it('kcat produces a message that kcat consumes back', async () => {
    const topic = `stack.kcat.${randomUUID().slice(0, 8)}`;
    const brokers = kafkaBrokers().join(',');
    const payload = `hello-${randomUUID()}`;
    const producer = execFile('kcat', ['-P', '-b', brokers, '-t', topic]);
    producer.stdin?.end(`${payload}\n`);
    await new Promise<void>((resolvePromise, reject) => {
      producer.on('exit', (code) =>
        code === 0 ? resolvePromise() : reject(new Error(`kcat -P exited ${code}`)),
      );
      producer.on('error', reject);
    });
    const { stdout } = await tool('kcat', [
      '-C',
      '-b',
      brokers,
      '-t',
      topic,
      '-o',
      'beginning',
      '-c',
      '1',
      '-e',
    ]);
    expect(stdout.trim()).toBe(payload);
  });

  it('psql answers a query over DATABASE_URL', async () => {
    const { stdout } = await tool('psql', [
      requireEnv('DATABASE_URL'),
      '-X',
      '-A',
      '-t',
      '-c',
      'select 40 + 2',
    ]);
    expect(stdout.trim()).toBe('42');
  });

  it('the AWS CLI lists buckets and round-trips an object', async () => {
    const endpoint = requireEnv('S3_ENDPOINT');
    const env = awsEnv();
    const bucket = `stack-check-${randomUUID().slice(0, 8)}`;
    await tool('aws', ['--endpoint-url', endpoint, 's3', 'mb', `s3://${bucket}`], env);
    try {
      const { stdout: listing } = await tool('aws', ['--endpoint-url', endpoint, 's3', 'ls'], env);
      expect(listing).toContain(bucket);
      // The stack also creates the bucket it hands out as S3_BUCKET.
      if (process.env.S3_BUCKET) expect(listing).toContain(process.env.S3_BUCKET);

      const body = join(scratch, 'probe.txt');
      writeFileSync(body, `probe ${bucket}\n`);
      await tool(
        'aws',
        ['--endpoint-url', endpoint, 's3', 'cp', body, `s3://${bucket}/probe.txt`],
        env,
      );
      const { stdout: copy } = await tool(
        'aws',
        ['--endpoint-url', endpoint, 's3', 'cp', `s3://${bucket}/probe.txt`, '-'],
        env,
      );
      expect(copy).toBe(`probe ${bucket}\n`);
    } finally {
      await tool(
        'aws',
        ['--endpoint-url', endpoint, 's3', 'rb', '--force', `s3://${bucket}`],
        env,
      ).catch(() => undefined);
    }
  });
});
