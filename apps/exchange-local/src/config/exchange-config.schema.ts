import { z } from 'zod';

/** Environment variables read by exchange-local; nothing else in the app reads process.env. */
export const exchangeEnvSchema = z.object({
  EXCHANGE_HOST: z.string().min(1).default('127.0.0.1'),
  EXCHANGE_PORT: z.coerce.number().int().min(0).max(65535).default(19500),
  EXCHANGE_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as us-east-1')
    .default('us-east-1'),
  /** JSON file with accounts, products and subscriptions (see docs/exchange-local.md). */
  EXCHANGE_BOOTSTRAP_FILE: z.string().min(1).optional(),
  /** Key for pagination-token HMACs; a random one per process when unset. */
  EXCHANGE_TOKEN_SECRET: z.string().min(16).optional(),
  EXCHANGE_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(6 * 1024 * 1024),
  EXCHANGE_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(1).default(900),
});

export type ExchangeEnv = z.output<typeof exchangeEnvSchema>;
