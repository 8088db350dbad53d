import { z } from 'zod';

/**
 * Reusable env var schemas. Each takes the raw string from the environment and yields a typed
 * value; messages are written to complete "<VAR> is invalid: ..." so boot errors read well.
 * `.describe()` texts appear in "<VAR> is required (...)" messages.
 */

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

function isValidPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** `host:port[,host:port...]` -> string[] (Kafka bootstrap servers). */
export function brokerListField() {
  return z
    .string()
    .transform((raw, ctx) => {
      const brokers = raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
      if (brokers.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'expected at least one host:port' });
        return z.NEVER;
      }
      for (const broker of brokers) {
        const match = HOST_PORT.exec(broker);
        if (!match || !isValidPort(Number(match[2]))) {
          ctx.addIssue({ code: 'custom', message: `"${broker}" is not host:port` });
          return z.NEVER;
        }
      }
      return brokers;
    })
    .describe('comma separated host:port list');
}

/** TCP port 1-65535. */
export function portField() {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = Number(raw);
      if (!/^\d+$/.test(raw.trim()) || !isValidPort(value)) {
        ctx.addIssue({ code: 'custom', message: 'expected an integer between 1 and 65535' });
        return z.NEVER;
      }
      return value;
    })
    .describe('TCP port 1-65535');
}

/** A whole number within [min, max]. */
export function integerField(options: { min?: number; max?: number } = {}) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return z.string().transform((raw, ctx) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `expected an integer between ${min} and ${max}` });
      return z.NEVER;
    }
    return value;
  });
}

/** An absolute URL; `protocols` restricts the scheme (without the colon). */
export function urlField(options: { protocols?: readonly string[] } = {}) {
  const { protocols } = options;
  return z
    .string()
    .transform((raw, ctx) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected an absolute URL' });
        return z.NEVER;
      }
      const scheme = url.protocol.replace(/:$/, '');
      if (protocols && !protocols.includes(scheme)) {
        ctx.addIssue({ code: 'custom', message: `expected a ${protocols.join(' or ')} URL` });
        return z.NEVER;
      }
      return raw;
    })
    .describe(protocols ? `${protocols.join('/')} URL` : 'absolute URL');
}

/**
 * true/false from the usual spellings (true/false, 1/0, yes/no, on/off). `z.coerce.boolean()`
 * would turn the string "false" into true.
 */
export function booleanField() {
  return z
    .stringbool({
      error: 'expected true/false, 1/0, yes/no or on/off',
    })
    .describe('boolean');
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** "250ms", "10s", "5m", "1h" or a bare number of milliseconds -> milliseconds. */
export function durationField() {
  return z
    .string()
    .transform((raw, ctx) => {
      const match = DURATION.exec(raw.trim());
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected a duration such as 500ms, 10s, 5m or 1h',
        });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
    })
    .describe('duration: 500ms, 10s, 5m, 1h');
}

/** A credential: never echoed in error messages nor in the boot config summary. */
export function secretField() {
  return z.string().min(1).meta({ sensitive: true });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function logLevelField() {
  return z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .describe('pino log level');
}

/**
 * Description and sensitivity of a field, looked up through wrappers (`optional`, `prefault`,
 * `default`, pipes), because zod keeps metadata on the instance it was attached to.
 */
export function fieldMetadata(field: z.ZodType | undefined): {
  description?: string;
  sensitive: boolean;
} {
  let description: string | undefined;
  let sensitive = false;
  let current: z.ZodType | undefined = field;
  for (let depth = 0; current && depth < 8; depth += 1) {
    const meta = current.meta();
    description ??= current.description ?? (meta?.['description'] as string | undefined);
    sensitive ||= meta?.['sensitive'] === true;
    const def = current.def as { innerType?: z.ZodType; in?: z.ZodType };
    current = def.innerType ?? def.in;
  }
  return { description, sensitive };
}
