export interface ValidationIssue {
  /** Where the problem is, e.g. `payload.bids[0][1]`; `(root)` for the value itself. */
  readonly path: string;
  readonly message: string;
}

const MAX_ISSUES_IN_MESSAGE = 3;

/**
 * Thrown (or returned by the `safe*` helpers) when input does not match a domain schema. The
 * message names the subject, the path and the reason, so a dead-letter record or a log line is
 * enough to find the fault without the original bytes.
 */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';

  constructor(
    /** What was being parsed, e.g. `envelope`, `alert`. */
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(SchemaValidationError.summarize(subject, issues));
  }

  private static summarize(subject: string, issues: readonly ValidationIssue[]): string {
    const shown = issues
      .slice(0, MAX_ISSUES_IN_MESSAGE)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    const more =
      issues.length > MAX_ISSUES_IN_MESSAGE
        ? ` (and ${issues.length - MAX_ISSUES_IN_MESSAGE} more)`
        : '';
    return `Invalid ${subject}: ${shown}${more}`;
  }
}

export type SafeParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: SchemaValidationError };
