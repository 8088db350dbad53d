/** The shape of a readiness probe as the services' health module registers it. */
export interface DatabaseReadinessProbe {
  name: string;
  check: () => Promise<void>;
}

export const DATABASE_PROBE_NAME = 'postgresql';

interface RawQueryClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
}

/** `SELECT 1` through the client's own pool: ready means queries get through now. */
export async function pingDatabase(client: RawQueryClient): Promise<void> {
  await client.$queryRaw`SELECT 1`;
}

/** A readiness probe for /readyz (register it with the service's probe registry). */
export function databaseReadinessProbe(client: RawQueryClient): DatabaseReadinessProbe {
  return { name: DATABASE_PROBE_NAME, check: () => pingDatabase(client) };
}
