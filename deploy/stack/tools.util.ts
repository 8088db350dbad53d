import { aptInstall } from './apt.util';
import type { Logger } from './component.interface';
import { runCommand } from './process.util';

/**
 * Independent clients the integration tests use to check the stack from outside
 * our own code: each is a command, how to see that it works, and its Debian package.
 */
export const CHECK_TOOLS = [
  { command: 'kcat', probe: ['-V'], debianPackage: 'kcat' },
  { command: 'aws', probe: ['--version'], debianPackage: 'awscli' },
  { command: 'psql', probe: ['--version'], debianPackage: 'postgresql-client' },
] as const;

async function works(command: string, probe: readonly string[]): Promise<boolean> {
  try {
    return (await runCommand(command, probe, { timeoutMs: 30_000 })).code === 0;
  } catch {
    return false;
  }
}

export async function ensureCheckTools(log: Logger): Promise<void> {
  const missing: string[] = [];
  for (const tool of CHECK_TOOLS) {
    if (!(await works(tool.command, tool.probe))) missing.push(tool.debianPackage);
  }
  if (missing.length === 0) {
    log.info(`check tools present: ${CHECK_TOOLS.map((tool) => tool.command).join(', ')}`);
    return;
  }
  await aptInstall(missing, log);
  for (const tool of CHECK_TOOLS) {
    if (!(await works(tool.command, tool.probe)))
      throw new Error(`${tool.command} still does not run after installing ${tool.debianPackage}`);
  }
}
