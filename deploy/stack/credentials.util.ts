import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

// Hex only: the values go into URLs and shell `eval` lines without any escaping.
const credentialsSchema = z.object({
  postgres: z.object({
    user: z.string().regex(/^[a-z_][a-z0-9_]*$/),
    password: z.string().regex(/^[0-9a-f]{16,}$/),
    database: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  }),
  s3: z.object({
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,}$/),
    secretAccessKey: z.string().regex(/^[0-9a-f]{32,}$/),
  }),
  kafka: z.object({
    clusterId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  }),
  // Optional: files made before exchange-local joined the stack lack it; `up` adds it.
  exchange: z
    .object({
      providerSecretAccessKey: z.string().regex(/^[0-9a-f]{40}$/),
      subscriberSecretAccessKey: z.string().regex(/^[0-9a-f]{40}$/),
      tokenSecret: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .optional(),
});

export type StackCredentials = z.infer<typeof credentialsSchema>;

export const CREDENTIALS_FILE_NAME = 'credentials.json';

/** Kafka cluster ids are 16 random bytes in URL-safe base64; Kafka rejects ids starting with "-". */
export function newKafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** AWS secret access keys are 40 characters; hex keeps them shell- and URL-safe. */
export function generateExchangeCredentials(): NonNullable<StackCredentials['exchange']> {
  return {
    providerSecretAccessKey: randomBytes(20).toString('hex'),
    subscriberSecretAccessKey: randomBytes(20).toString('hex'),
    tokenSecret: randomBytes(32).toString('hex'),
  };
}

export function generateCredentials(): StackCredentials {
  return {
    postgres: { user: 'tickline', password: randomBytes(16).toString('hex'), database: 'tickline' },
    s3: {
      accessKeyId: `TL${randomBytes(9).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(20).toString('hex'),
    },
    kafka: { clusterId: newKafkaClusterId() },
    exchange: generateExchangeCredentials(),
  };
}

export function credentialsPath(stackDir: string): string {
  return join(stackDir, CREDENTIALS_FILE_NAME);
}

export function readCredentials(stackDir: string): StackCredentials | undefined {
  const path = credentialsPath(stackDir);
  if (!existsSync(path)) return undefined;
  const parsed = credentialsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${path} is damaged (${parsed.error.issues[0]?.message}). ` +
        'Remove the stack folder to start over with new credentials.',
    );
  }
  return parsed.data;
}

/** Credentials are made once per stack folder and kept there, never in the repository. */
export function loadOrCreateCredentials(stackDir: string): {
  credentials: StackCredentials;
  created: boolean;
} {
  const existing = readCredentials(stackDir);
  if (existing?.exchange) return { credentials: existing, created: false };
  // An older file keeps its passwords (the data was made with them) and gains the new parts.
  const credentials = existing
    ? { ...existing, exchange: generateExchangeCredentials() }
    : generateCredentials();
  writeCredentials(stackDir, credentials);
  return { credentials, created: true };
}

function writeCredentials(stackDir: string, credentials: StackCredentials): void {
  mkdirSync(stackDir, { recursive: true });
  const path = credentialsPath(stackDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
