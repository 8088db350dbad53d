// The container images run what deploy/docker/build-runtime.sh assembles (the Dockerfile calls
// it). No Docker engine runs here, so this builds the same runtime folder outside the repo and
// starts a service from it: if a library, an asset or a production dependency were missing from
// the image, the service would not come up.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from './support/helm-tools.util';

const execFileAsync = promisify(execFile);

jest.setTimeout(10 * 60_000);

const APP = 'venue-replay';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<Response> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null)
      throw new Error(`${APP} exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never answered 200:\n${output()}`);
}

describe(`runtime image folder for ${APP}`, () => {
  let runtime: string;

  beforeAll(async () => {
    runtime = join(mkdtempSync(join(tmpdir(), 'tickline-runtime-')), APP);
    await execFileAsync(
      'bash',
      [join(repoRoot, 'deploy', 'docker', 'build-runtime.sh'), APP, runtime],
      {
        cwd: repoRoot,
        maxBuffer: 64 << 20,
      },
    );
  });

  afterAll(() => {
    if (runtime) rmSync(join(runtime, '..'), { recursive: true, force: true });
  });

  it('holds build output and production dependencies only', () => {
    expect(existsSync(join(runtime, 'apps', APP, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(runtime, 'apps', APP, 'src'))).toBe(false);
    expect(existsSync(join(runtime, 'libs', 'service-kit', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(runtime, 'node_modules', '@nestjs', 'core'))).toBe(true);
    for (const devOnly of ['jest', 'eslint', 'nx', '@swc/core', 'tsx', 'prettier']) {
      expect({ devOnly, present: existsSync(join(runtime, 'node_modules', devOnly)) }).toEqual({
        devOnly,
        present: false,
      });
    }
  });

  it('starts the service, answers 200 on /healthz and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: join(runtime, 'apps', APP),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      const response = await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, () => output);
      expect(await response.json()).toMatchObject({ status: 'ok', alive: true });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
