import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

import { z } from 'zod';

export const STACK_HOST = '127.0.0.1';

export const DEFAULT_VERSIONS = {
  kafka: '4.2.0',
  minio: 'v0.0.0-20260212201848-7aac2a2c5b7c',
  postgres: '15',
} as const;

export const DEFAULT_BUCKET = 'tickline-lake';

export const DEFAULT_PORTS = {
  kafka: 19092,
  kafkaController: 19093,
  postgres: 15432,
  minio: 19000,
  minioConsole: 19001,
  exchange: 19500,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;

/** The variable that overrides each port; error messages point the user at it. */
export const PORT_ENV_VARS: Record<PortName, string> = {
  kafka: 'TICKLINE_KAFKA_PORT',
  kafkaController: 'TICKLINE_KAFKA_CONTROLLER_PORT',
  postgres: 'TICKLINE_POSTGRES_PORT',
  minio: 'TICKLINE_MINIO_PORT',
  minioConsole: 'TICKLINE_MINIO_CONSOLE_PORT',
  exchange: 'TICKLINE_EXCHANGE_PORT',
};

// An empty variable (`FOO= npm run ...`) means "not set", as in most shells' tooling.
const optionalText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.string().trim().optional(),
);

const port = (name: PortName) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ error: `${PORT_ENV_VARS[name]} must be a number` })
      .int(`${PORT_ENV_VARS[name]} must be a whole number`)
      .min(1, `${PORT_ENV_VARS[name]} must be between 1 and 65535`)
      .max(65535, `${PORT_ENV_VARS[name]} must be between 1 and 65535`)
      .default(DEFAULT_PORTS[name]),
  );

const stackEnvSchema = z.object({
  TICKLINE_STACK_DIR: optionalText,
  TICKLINE_CACHE_DIR: optionalText,
  TICKLINE_KAFKA_VERSION: optionalText,
  TICKLINE_MINIO_VERSION: optionalText,
  TICKLINE_POSTGRES_VERSION: optionalText,
  TICKLINE_KAFKA_PORT: port('kafka'),
  TICKLINE_KAFKA_CONTROLLER_PORT: port('kafkaController'),
  TICKLINE_POSTGRES_PORT: port('postgres'),
  TICKLINE_MINIO_PORT: port('minio'),
  TICKLINE_MINIO_CONSOLE_PORT: port('minioConsole'),
  TICKLINE_EXCHANGE_PORT: port('exchange'),
  TICKLINE_STACK_PORTS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .enum(['fixed', 'auto'], { error: 'TICKLINE_STACK_PORTS must be "fixed" or "auto"' })
      .optional(),
  ),
  CI: optionalText,
  S3_BUCKET: optionalText,
  HOME: optionalText,
});

export interface StackConfig {
  repoRoot: string;
  stackDir: string;
  cacheDir: string;
  host: string;
  ports: Record<PortName, number>;
  /**
   * "fixed": the ports above. "auto": free ports picked on the first `up` of the stack
   * folder and kept in it (ports-auto.util.ts); ports set explicitly still win.
   */
  portsMode: 'fixed' | 'auto';
  /** Ports whose TICKLINE_*_PORT variable was set. */
  explicitPorts: PortName[];
  versions: { kafka: string; minio: string; postgres: string };
  /** Bucket created in our own MinIO and handed out as S3_BUCKET. */
  bucket: string;
}

export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackConfigError';
  }
}

export function loadStackConfig(env: NodeJS.ProcessEnv, repoRoot: string): StackConfig {
  const parsed = stackEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new StackConfigError(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  const vars = parsed.data;
  const ports: Record<PortName, number> = {
    kafka: vars.TICKLINE_KAFKA_PORT,
    kafkaController: vars.TICKLINE_KAFKA_CONTROLLER_PORT,
    postgres: vars.TICKLINE_POSTGRES_PORT,
    minio: vars.TICKLINE_MINIO_PORT,
    minioConsole: vars.TICKLINE_MINIO_CONSOLE_PORT,
    exchange: vars.TICKLINE_EXCHANGE_PORT,
  };
  assertDistinctPorts(ports);
  const explicitPorts = (Object.keys(PORT_ENV_VARS) as PortName[]).filter(
    (name) => (env[PORT_ENV_VARS[name]] ?? '').trim() !== '',
  );

  const home = vars.HOME ?? homedir();
  const stackDir = vars.TICKLINE_STACK_DIR ?? '.stack';
  return {
    repoRoot,
    stackDir: isAbsolute(stackDir) ? stackDir : resolve(repoRoot, stackDir),
    cacheDir: vars.TICKLINE_CACHE_DIR
      ? resolve(repoRoot, vars.TICKLINE_CACHE_DIR)
      : join(home, '.cache', 'tickline'),
    host: STACK_HOST,
    ports,
    // CI shares its machine with whatever a developer left running on the default ports.
    portsMode: vars.TICKLINE_STACK_PORTS ?? (vars.CI === 'true' ? 'auto' : 'fixed'),
    explicitPorts,
    versions: {
      kafka: vars.TICKLINE_KAFKA_VERSION ?? DEFAULT_VERSIONS.kafka,
      minio: vars.TICKLINE_MINIO_VERSION ?? DEFAULT_VERSIONS.minio,
      postgres: vars.TICKLINE_POSTGRES_VERSION ?? DEFAULT_VERSIONS.postgres,
    },
    bucket: vars.S3_BUCKET ?? DEFAULT_BUCKET,
  };
}

export function assertDistinctPorts(ports: Record<PortName, number>): void {
  const byPort = new Map<number, PortName[]>();
  for (const [name, value] of Object.entries(ports) as Array<[PortName, number]>) {
    byPort.set(value, [...(byPort.get(value) ?? []), name]);
  }
  const clashes = [...byPort.entries()].filter(([, names]) => names.length > 1);
  if (clashes.length > 0) {
    const detail = clashes
      .map(
        ([value, names]) =>
          `${value} is used by ${names.map((n) => PORT_ENV_VARS[n]).join(' and ')}`,
      )
      .join('; ');
    throw new StackConfigError(`Each stack port must be different: ${detail}`);
  }
}

/** Major version of a Kafka release ("4.2.0" -> 4); it decides the logging backend. */
export function kafkaMajorVersion(version: string): number {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (!Number.isInteger(major) || major < 3) {
    throw new StackConfigError(
      `TICKLINE_KAFKA_VERSION must be 3.x or later (KRaft), got "${version}"`,
    );
  }
  return major;
}
