const MAX_SHOWN_CHARS = 60;

/**
 * Renders a rejected input value for an error message: strings quoted (and cut when long, so a
 * megabyte of garbage never lands in a log line), numbers as written, containers by kind only.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The message for a value that failed an expectation; a missing field says so plainly. */
export function expected(expectation: string, input: unknown): string {
  return input === undefined
    ? `missing; expected ${expectation}`
    : `expected ${expectation}, got ${describeValue(input)}`;
}
