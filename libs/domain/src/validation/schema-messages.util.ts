import { describeValue, expected } from './describe-value.util';

interface IssueLike {
  readonly code?: string;
  readonly input?: unknown;
  readonly keys?: readonly string[];
}

/** zod `error` option: every failure of this schema reads `expected <expectation>, got <input>`. */
export function expecting(expectation: string) {
  return { error: (issue: IssueLike) => expected(expectation, issue.input) };
}

/** zod `error` option for strict objects: names unknown fields, otherwise the expected shape. */
export function expectingObject(what: string) {
  return {
    error: (issue: IssueLike) => {
      if (issue.code === 'unrecognized_keys' && issue.keys) {
        const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
        return issue.keys.length === 1 ? `unknown field ${keys}` : `unknown fields ${keys}`;
      }
      return expected(what, issue.input);
    },
  };
}

/** zod `error` option for fixed-length tuples such as a `[price, size]` level. */
export function expectingTuple(what: string, length: number) {
  return {
    error: (issue: IssueLike) =>
      Array.isArray(issue.input) && issue.input.length !== length
        ? `expected ${what}, got an array of ${issue.input.length}`
        : expected(what, issue.input),
  };
}

/** zod `error` option for a discriminated union: reports the discriminator's own value. */
export function expectingDiscriminator(what: string, field: string, options: readonly string[]) {
  return {
    error: (issue: IssueLike) => {
      const input = issue.input;
      if (issue.code === 'invalid_union' && input !== null && typeof input === 'object') {
        const value = (input as Record<string, unknown>)[field];
        return expected(`one of ${options.join(', ')}`, value);
      }
      return `expected ${what}, got ${describeValue(input)}`;
    },
  };
}
