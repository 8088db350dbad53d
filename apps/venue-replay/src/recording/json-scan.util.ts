/**
 * Where one scalar value sits in a JSON text. `path` joins object keys and array indices with
 * `.` (`data.b.0.1`); `start`/`end` delimit the value's characters, without the quotes of a
 * string, so a rewrite keeps every other byte of the frame exactly as the venue sent it.
 */
export interface ScalarSpan {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

class JsonScanError extends Error {
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'JsonScanError';
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

/**
 * Lists the scalar values of a JSON text with their paths and character spans, calling
 * `wanted(path)` to skip the rest cheaply. Frames are rewritten in place (time shift, loop id
 * offsets) instead of through `JSON.parse`/`stringify`, which would change number spelling and
 * lose integers above 2^53 (Kraken's connectionID).
 */
export function scanJsonScalars(
  text: string,
  wanted: (path: string) => boolean = () => true,
): ScalarSpan[] {
  const spans: ScalarSpan[] = [];
  let i = 0;

  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.has(text[i] as string)) {
      i += 1;
    }
  };

  const readStringEnd = (): number => {
    // i points at the opening quote; returns the index of the closing quote.
    let j = i + 1;
    while (j < text.length) {
      const ch = text.charCodeAt(j);
      if (ch === 0x5c) {
        j += 2;
        continue;
      }
      if (ch === 0x22) {
        return j;
      }
      j += 1;
    }
    throw new JsonScanError('Unterminated string', i);
  };

  const value = (path: string): void => {
    skipWhitespace();
    const ch = text[i];
    if (ch === '{') {
      i += 1;
      skipWhitespace();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        skipWhitespace();
        if (text[i] !== '"') {
          throw new JsonScanError('Expected a key', i);
        }
        const close = readStringEnd();
        const key = text.slice(i + 1, close);
        i = close + 1;
        skipWhitespace();
        if (text[i] !== ':') {
          throw new JsonScanError('Expected ":"', i);
        }
        i += 1;
        value(path === '' ? key : `${path}.${key}`);
        skipWhitespace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return;
        }
        throw new JsonScanError('Expected "," or "}"', i);
      }
    }
    if (ch === '[') {
      i += 1;
      skipWhitespace();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        value(path === '' ? String(index) : `${path}.${index}`);
        skipWhitespace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return;
        }
        throw new JsonScanError('Expected "," or "]"', i);
      }
    }
    if (ch === '"') {
      const close = readStringEnd();
      if (wanted(path)) {
        spans.push({ path, start: i + 1, end: close, quoted: true });
      }
      i = close + 1;
      return;
    }
    const start = i;
    while (i < text.length && /[-+0-9.eEa-z]/.test(text[i] as string)) {
      i += 1;
    }
    if (i === start || !LITERAL.test(text.slice(start, i))) {
      throw new JsonScanError('Unexpected value', start);
    }
    if (wanted(path)) {
      spans.push({ path, start, end: i, quoted: false });
    }
  };

  value('');
  skipWhitespace();
  if (i !== text.length) {
    throw new JsonScanError('Trailing characters', i);
  }
  return spans;
}
