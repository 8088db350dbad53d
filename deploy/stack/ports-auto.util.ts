import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import { isPortFree } from './ports.util';
import {
  assertDistinctPorts,
  DEFAULT_PORTS,
  type PortName,
  type StackConfig,
} from './stack-config.util';

export const AUTO_PORTS_FILE = 'ports.json';

// Below Linux's ephemeral range (32768+), so outgoing connections never occupy them later.
const AUTO_RANGE = { from: 20_000, to: 32_000 };

// Every port optional: a file written before a component existed lacks its port, which
// the next `up` picks and adds.
const portsSchema = z.object(
  Object.fromEntries(
    Object.keys(DEFAULT_PORTS).map((name) => [name, z.number().int().min(1).max(65535).optional()]),
  ) as Record<PortName, z.ZodOptional<z.ZodNumber>>,
);

function readAutoPorts(stackDir: string): Partial<Record<PortName, number>> | undefined {
  const file = join(stackDir, AUTO_PORTS_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = portsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is damaged; delete it to pick new ports.`);
  return parsed.data;
}

/** Free ports for every component, distinct from each other and from the given ones. */
export async function pickFreePorts(
  names: readonly PortName[],
  host: string,
  taken: ReadonlySet<number> = new Set(),
): Promise<Partial<Record<PortName, number>>> {
  const chosen: Partial<Record<PortName, number>> = {};
  const used = new Set(taken);
  for (const name of names) {
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 200) throw new Error('Could not find a free port for the stack');
      const port = randomInt(AUTO_RANGE.from, AUTO_RANGE.to);
      if (used.has(port) || !(await isPortFree(port, host))) continue;
      chosen[name] = port;
      used.add(port);
      break;
    }
  }
  return chosen;
}

/**
 * In "auto" mode, the stack folder remembers the ports picked on its first `up`, so
 * every later command (env, status, down, the next up) addresses the same stack.
 * Only `up` may pick them; other commands fail until it has.
 */
export async function resolveAutoPorts(
  config: StackConfig,
  allowPicking: boolean,
): Promise<StackConfig> {
  if (config.portsMode !== 'auto') return config;
  const auto = (Object.keys(DEFAULT_PORTS) as PortName[]).filter(
    (name) => !config.explicitPorts.includes(name),
  );
  let stored = readAutoPorts(config.stackDir);
  const missing = auto.filter((name) => stored?.[name] === undefined);
  if (!stored && !allowPicking) return config;
  if (missing.length > 0 && allowPicking) {
    const taken = new Set([
      ...config.explicitPorts.map((name) => config.ports[name]),
      ...Object.values(stored ?? {}),
    ]);
    stored = { ...config.ports, ...stored, ...(await pickFreePorts(missing, config.host, taken)) };
    mkdirSync(config.stackDir, { recursive: true });
    writeFileSync(join(config.stackDir, AUTO_PORTS_FILE), `${JSON.stringify(stored, null, 2)}\n`);
  }
  const ports = { ...config.ports };
  for (const name of auto) ports[name] = stored?.[name] ?? config.ports[name];
  assertDistinctPorts(ports);
  return { ...config, ports };
}
