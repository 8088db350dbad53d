import type { z } from 'zod';

import { formatIssuePath } from './issue-path.util';
import {
  type SafeParseResult,
  SchemaValidationError,
  type ValidationIssue,
} from './schema-validation.error';

export function toValidationIssues(error: z.core.$ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
}

export function safeParseWithSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
): SafeParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    error: new SchemaValidationError(subject, toValidationIssues(result.error)),
  };
}

export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
): z.output<S> {
  const result = safeParseWithSchema(schema, input, subject);
  if (!result.success) throw result.error;
  return result.data;
}

/** Parses JSON text, reporting a syntax error as a validation issue at the root. */
export function safeParseJsonText(text: string, subject: string): SafeParseResult<unknown> {
  try {
    return { success: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      success: false,
      error: new SchemaValidationError(subject, [
        { path: '(root)', message: `not valid JSON (${reason})` },
      ]),
    };
  }
}
