// Builds the services when a dist is missing or older than the sources, and applies the
// database migrations, so a fresh clone and a changed checkout both run current code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { runChecked } from '../stack/process.util';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'generated') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Projects whose `dist/main.js` is missing or older than their own or any library's sources. */
export function outdatedApps(repoRoot: string, apps: readonly string[]): string[] {
  const libs = join(repoRoot, 'libs');
  const libSources = Math.max(
    0,
    ...readdirSync(libs).map((lib) => newestMtime(join(libs, lib, 'src'))),
    newestMtime(join(libs, 'db', 'prisma')),
  );
  return apps.filter((app) => {
    const main = join(repoRoot, 'apps', app, 'dist', 'main.js');
    if (!existsSync(main)) return true;
    const built = statSync(main).mtimeMs;
    return built < libSources || built < newestMtime(join(repoRoot, 'apps', app, 'src'));
  });
}

/** `nx run-many -t build` for the outdated apps (Nx builds their libraries first, from cache). */
export async function buildApps(repoRoot: string, apps: readonly string[]): Promise<void> {
  const args = ['nx', 'run-many', '-t', 'build', '-p', ...apps, '--output-style=static'];
  await runChecked('npx', args, { cwd: repoRoot });
}

/** Generates the Prisma client and applies the migrations of the publishing and export tables. */
export async function migrateDatabase(repoRoot: string, env: NodeJS.ProcessEnv): Promise<void> {
  await runChecked('npm', ['run', '-s', 'db:generate'], { cwd: repoRoot, env });
  await runChecked('npm', ['run', '-s', 'db:migrate'], { cwd: repoRoot, env });
}
