import { TOPICS } from '@tickline/domain';
import { z } from 'zod';

const commaList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port')).min(1));

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Environment variables read by exchange-local; nothing else in the app reads process.env. */
export const exchangeEnvSchema = z
  .object({
    EXCHANGE_HOST: z.string().min(1).default('127.0.0.1'),
    EXCHANGE_PORT: z.coerce.number().int().min(0).max(65535).default(19500),
    /** Base URL clients reach the service at, used in signed URLs; defaults to http://HOST:PORT. */
    EXCHANGE_PUBLIC_URL: z.url().optional(),
    EXCHANGE_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as us-east-1')
      .default('us-east-1'),
    /** JSON file with accounts, products and subscriptions (see docs/exchange-local.md). */
    EXCHANGE_BOOTSTRAP_FILE: z.string().min(1).optional(),
    /** Key for pagination-token and signed-URL HMACs; a random one per process when unset. */
    EXCHANGE_TOKEN_SECRET: z.string().min(16).optional(),
    EXCHANGE_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(6 * 1024 * 1024),
    EXCHANGE_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** PostgreSQL URL with `?schema=`; defaults to DATABASE_URL with `schema=exchange`. */
    EXCHANGE_DATABASE_URL: z.url().optional(),
    DATABASE_URL: z.url().optional(),
    /** exchange-local's own bucket for asset bytes, created at start when missing. */
    EXCHANGE_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .default('exchange-local-assets'),
    S3_ENDPOINT: z.url(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1),
    S3_SECRET_ACCESS_KEY: z.string().min(1),
    S3_FORCE_PATH_STYLE: flag.default(true),
    /** Kafka bootstrap servers; without them events stay in the outbox table. */
    KAFKA_BROKERS: commaList.optional(),
    EXCHANGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.exchangeEvents),
    EXCHANGE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    EXCHANGE_WORKER_POLL_MS: z.coerce.number().int().min(10).default(500),
    EXCHANGE_JOB_LEASE_SECONDS: z.coerce.number().int().min(2).default(30),
    EXCHANGE_JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(3),
    EXCHANGE_THROTTLE_RPS: z.coerce.number().min(0).default(0),
    /** Bearer token of the admin API (accounts, products, subscriptions); the API is off without it. */
    EXCHANGE_ADMIN_TOKEN: z.string().min(16).optional(),
  })
  .refine((env) => env.EXCHANGE_DATABASE_URL !== undefined || env.DATABASE_URL !== undefined, {
    message: 'set EXCHANGE_DATABASE_URL (or DATABASE_URL, used with schema=exchange)',
    path: ['EXCHANGE_DATABASE_URL'],
    // Report it together with the other problems, not only once everything else is valid.
    when: () => true,
  });

export type ExchangeEnv = z.output<typeof exchangeEnvSchema>;
