import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { ConfigValidationError } from '../src/config/config-validation.error';
import { parseConfig } from '../src/config/parse-config.util';
import { kafkaConfigFields } from '../src/kafka/kafka-config.schema';
import { s3ConfigFields } from '../src/s3/s3-config.schema';

const integrationSchema = z.object({
  ...kafkaConfigFields(),
  ...s3ConfigFields(),
  S3_ENDPOINT: z.string().min(1).describe('S3 endpoint of the local stack'),
  S3_ACCESS_KEY_ID: z.string().min(1),
  S3_SECRET_ACCESS_KEY: z.string().min(1),
  DATABASE_URL: z.string().min(1).meta({ sensitive: true }).optional(),
});

export type StackEnv = z.output<typeof integrationSchema>;

/** The real servers integration tests run against, from the stack's env variables. */
export function stackEnv(): StackEnv {
  try {
    return parseConfig(integrationSchema, process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      throw new Error(
        `Integration tests need the local stack: run \`npm run stack -- up\` and ` +
          `\`eval "$(npm run -s stack -- env --export)"\` first. ${error.message}`,
      );
    }
    throw error;
  }
}

/** Unique per test run, valid in Kafka topic, consumer group and S3 bucket names. */
export function runId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Polls `condition` until it holds or `timeoutMs` passes (then fails with `what`). */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Narrows away undefined, failing the test with `what` when the value is missing. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) {
    throw new Error(`Expected ${what}.`);
  }
  return value;
}
