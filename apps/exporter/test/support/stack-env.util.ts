/** The stack's variables the exporter tests need; a missing one says how to load them. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `${name} is not set. Start the local stack and load its settings first: ` +
        'npm run stack -- up && eval "$(npm run -s stack -- env --export)"',
    );
  }
  return value;
}

const REQUIRED = [
  'KAFKA_BROKERS',
  'DATABASE_URL',
  'EXCHANGE_ENDPOINT',
  'EXCHANGE_REGION',
  'EXCHANGE_PRODUCT_ID',
  'EXCHANGE_PROVIDER_ACCESS_KEY_ID',
  'EXCHANGE_PROVIDER_SECRET_ACCESS_KEY',
  'EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID',
  'EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY',
] as const;

/** The exporter's environment on the stack, subscriber credentials included. */
export function exporterStackEnv(): Record<string, string> {
  return {
    ...Object.fromEntries(REQUIRED.map((name) => [name, requireEnv(name)])),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
  };
}

/** Polls until `probe` returns a value (not undefined); its errors end the wait at once. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
