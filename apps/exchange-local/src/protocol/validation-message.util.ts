import type { z } from 'zod';

const MAX_VALUE_CHARS = 64;

/**
 * Renders zod issues the way AWS validation errors read, e.g. "1 validation error detected:
 * Value null at 'Name' failed to satisfy constraint: Member must not be null". Callers and the
 * CLI show this message verbatim, so it names the member and the broken constraint.
 */
export function formatValidationIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.map((issue) => {
    const at = issue.path.length === 0 ? 'the request' : `'${issue.path.map(String).join('.')}'`;
    return `Value ${describeValue(issue)} at ${at} failed to satisfy constraint: ${constraintOf(issue)}`;
  });
  const count = parts.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

function describeValue(issue: z.core.$ZodIssue): string {
  if (!('input' in issue) || issue.input === undefined || issue.input === null) return 'null';
  const input = issue.input;
  if (typeof input === 'string') {
    return `'${input.length > MAX_VALUE_CHARS ? `${input.slice(0, MAX_VALUE_CHARS)}...` : input}'`;
  }
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  return Array.isArray(input) ? 'list' : typeof input;
}

function constraintOf(issue: z.core.$ZodIssue): string {
  const missing = !('input' in issue) || issue.input === undefined || issue.input === null;
  switch (issue.code) {
    case 'invalid_type':
      return missing ? 'Member must not be null' : `Member must be of type ${issue.expected}`;
    case 'invalid_value':
      return missing
        ? 'Member must not be null'
        : `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length less than or equal to ${String(issue.maximum)}`
        : `Member must have value less than or equal to ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length greater than or equal to ${String(issue.minimum)}`
        : `Member must have value greater than or equal to ${String(issue.minimum)}`;
    default:
      return issue.message;
  }
}
