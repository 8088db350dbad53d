import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { withStackLock } from '../stack/stack-lock.util';

const quiet = { info: () => undefined, warn: () => undefined };

describe('withStackLock', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-lock-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the work holding the lock and releases it afterwards, also on failure', async () => {
    const lock = join(dir, 'stack.lock');
    await expect(withStackLock(dir, quiet, async () => existsSync(lock))).resolves.toBe(true);
    expect(existsSync(lock)).toBe(false);
    await expect(
      withStackLock(dir, quiet, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });

  it('lets one caller in at a time', async () => {
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`${name}:in`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      events.push(`${name}:out`);
    };
    await Promise.all([withStackLock(dir, quiet, work('a')), withStackLock(dir, quiet, work('b'))]);
    expect(events).toHaveLength(4);
    expect(events[1]).toBe(`${events[0].split(':')[0]}:out`);
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    // Pid numbers above the kernel's pid_max (4194304 at most) cannot be alive.
    writeFileSync(join(dir, 'stack.lock'), '99999999\n');
    await expect(withStackLock(dir, quiet, async () => 'ran', 2_000)).resolves.toBe('ran');
  });

  it('gives up when a live process keeps the lock', async () => {
    writeFileSync(join(dir, 'stack.lock'), `${process.ppid}\n`);
    await expect(withStackLock(dir, quiet, async () => 'ran', 500)).rejects.toThrow(
      /Gave up waiting/,
    );
  });
});
