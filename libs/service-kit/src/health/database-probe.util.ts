import type { ReadinessProbe } from './probe-registry.service';

/**
 * The `database` readiness probe. The check comes from the data-access library (for example
 * `@tickline/db`'s `SELECT 1` helper), so the kit needs no database driver of its own.
 */
export function databaseProbe(
  check: () => Promise<unknown>,
  options: { timeoutMs?: number } = {},
): ReadinessProbe {
  return { name: 'database', check, ...options };
}
