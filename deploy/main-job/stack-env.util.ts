// Brings the local stack up (or reuses it) and reads the settings it prints.
import { runChecked } from '../stack/process.util';

/** Parses the `KEY=value` lines of `stack up` / `stack env` (values POSIX-shell quoted). */
export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^(?:export )?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, value] = match;
    env[key] = value.startsWith("'") ? value.slice(1, -1).replace(/'\\''/g, "'") : value;
  }
  return env;
}

const REQUIRED = ['KAFKA_BROKERS', 'DATABASE_URL', 'S3_ENDPOINT', 'EXCHANGE_ENDPOINT'] as const;

/** `npm run stack -- up`: starts what is not running, reuses what is, returns its settings. */
export async function stackUp(repoRoot: string): Promise<Record<string, string>> {
  const stdout = await runChecked('npm', ['run', '-s', 'stack', '--', 'up'], {
    cwd: repoRoot,
    echo: false,
  });
  const env = parseEnvLines(stdout);
  const missing = REQUIRED.filter((key) => !env[key]);
  if (missing.length > 0) throw new Error(`The stack printed no ${missing.join(', ')}.`);
  return env;
}
