import { requireEnv } from '@tickline/testing';

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
