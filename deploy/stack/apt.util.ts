import type { Logger } from './component.interface';
import { isRoot, runCommand } from './process.util';

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

/**
 * Installs Debian packages. A fresh machine often has no package lists yet, so a
 * failed install is retried once after `apt-get update`.
 */
export async function aptInstall(packages: readonly string[], log: Logger): Promise<void> {
  if (packages.length === 0) return;
  if (!isRoot()) {
    throw new Error(
      `Missing Debian packages: ${packages.join(' ')}. Install them with ` +
        `\`sudo apt-get install -y ${packages.join(' ')}\` and run the command again.`,
    );
  }
  log.info(`installing Debian packages: ${packages.join(' ')}`);
  const args = ['install', '-y', '--no-install-recommends', ...packages];
  const first = await runCommand('apt-get', args, { env: APT_ENV });
  if (first.code === 0) return;
  log.info('apt-get install failed; refreshing package lists and trying again');
  const update = await runCommand('apt-get', ['update'], { env: APT_ENV });
  if (update.code !== 0) log.warn(`apt-get update failed:\n${update.stderr.trim()}`);
  const second = await runCommand('apt-get', args, { env: APT_ENV });
  if (second.code !== 0) {
    throw new Error(
      `apt-get install ${packages.join(' ')} failed:\n${second.stderr.trim().split('\n').slice(-10).join('\n')}`,
    );
  }
}
