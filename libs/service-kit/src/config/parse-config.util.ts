import { z } from 'zod';

import { fieldMetadata } from './config-fields.util';
import { ConfigValidationError } from './config-validation.error';

export type Env = Readonly<Record<string, string | undefined>>;

const MAX_ECHO = 80;

/**
 * Validates env vars against a zod object schema and returns the typed config, or throws a
 * ConfigValidationError naming every bad or missing variable and why. Empty strings count as
 * unset, so `FOO=` falls back to the default like an absent variable (as in most deployment
 * tools, where "unset" is often written as an empty value).
 */
export function parseConfig<S extends z.ZodObject>(schema: S, env: Env): z.output<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') {
      input[key] = value;
    }
  }
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map((issue) => describeIssue(schema, input, issue));
  throw new ConfigValidationError([...new Set(problems)]);
}

function describeIssue(
  schema: z.ZodObject,
  input: Record<string, string>,
  issue: z.core.$ZodIssue,
): string {
  const key = issue.path[0];
  if (typeof key !== 'string') {
    return issue.message;
  }
  const { description, sensitive } = fieldMetadata(schema.shape[key] as z.ZodType | undefined);
  // Cross-field rules (superRefine) phrase their own predicate: "is required when ...".
  if (issue.code === 'custom' && issue.path.length === 1 && issue.message.startsWith('is ')) {
    return `${key} ${issue.message}`;
  }
  const hint = description ? ` (${description})` : '';
  const raw = input[key];
  if (raw === undefined) {
    return `${key} is required${hint}`;
  }
  const got = sensitive
    ? ''
    : `, got "${raw.length > MAX_ECHO ? `${raw.slice(0, MAX_ECHO)}...` : raw}"`;
  return `${key} is invalid: ${issue.message}${got}${hint}`;
}

/** The config with sensitive values masked, for the boot log line. */
export function redactConfig<S extends z.ZodObject>(
  schema: S,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const { sensitive } = fieldMetadata(schema.shape[key] as z.ZodType | undefined);
    safe[key] = sensitive && value !== undefined ? '[redacted]' : value;
  }
  return safe;
}
