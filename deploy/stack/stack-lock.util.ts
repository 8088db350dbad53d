import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Logger } from './component.interface';
import { isAlive, sleep } from './process.util';

/**
 * Serializes `up` and `down` on one stack folder: several test scripts may run
 * `stack up` at the same moment. The lock file holds the owner's pid, so a lock
 * left behind by a killed run is noticed and taken over.
 */
export async function withStackLock<T>(
  stackDir: string,
  log: Logger,
  work: () => Promise<T>,
  waitMs = 15 * 60_000,
): Promise<T> {
  mkdirSync(stackDir, { recursive: true });
  const lockFile = join(stackDir, 'stack.lock');
  const until = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    } catch {
      // Removed between our attempts: just try again.
    }
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > until)
      throw new Error(`Gave up waiting for another stack command (pid ${owner}) to finish.`);
    if (!announced) {
      log.info(`waiting for another stack command (pid ${owner}) to finish`);
      announced = true;
    }
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
