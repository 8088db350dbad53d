import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { secondsTextToMicros } from '@tickline/domain';

// The raw-capture line format of the bundled venue recordings (cryptofeed's `sample_data/`):
//
//   <url> <-> <ts>            the connection was opened (first line of a WebSocket file)
//   <url> <- <ts>: <frame>    a frame the client sent (a subscribe)
//   <ts>: <frame>             a frame the client received
//   <url> -> <ts>: <body>     an HTTP response (REST snapshot files)
//
// `<ts>` is the recorder's clock in epoch seconds with a fraction. The frame or body is kept
// byte for byte: it may be anything, including garbage a fault injector wrote.

export const CAPTURE_LINE_KINDS = ['header', 'sent', 'received', 'http'] as const;
export type CaptureLineKind = (typeof CAPTURE_LINE_KINDS)[number];

export interface CaptureLine {
  readonly kind: CaptureLineKind;
  /** The connection or request URL (`header`, `sent`, `http`); absent on `received` lines. */
  readonly url?: string;
  /** Recorder clock, epoch seconds with a fraction (a float: use `timeUs` for exact arithmetic). */
  readonly ts: number;
  /** The timestamp exactly as written, e.g. `"1633998512.0633569"`. */
  readonly tsText: string;
  /** The same instant in epoch microseconds, parsed from the digits (no float rounding). */
  readonly timeUs: number;
  /** The frame or response body as written; empty for `header` lines. */
  readonly body: string;
}

/** A line that does not follow the capture format; names the file and line when known. */
export class CaptureFormatError extends Error {
  override readonly name = 'CaptureFormatError';

  constructor(
    readonly reason: string,
    readonly line: string,
    readonly location?: { readonly file?: string; readonly lineNumber: number },
  ) {
    const where = location
      ? `${location.file ? `${location.file}:` : 'line '}${location.lineNumber}: `
      : '';
    const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
    super(`Invalid capture line (${where}${reason}): ${JSON.stringify(shown)}`);
  }
}

const TS_PATTERN = /^[0-9]{1,11}(?:\.[0-9]{1,9})?$/;

function timeOf(tsText: string, line: string): { ts: number; timeUs: number } {
  if (!TS_PATTERN.test(tsText)) {
    throw new CaptureFormatError(`expected epoch seconds, got ${JSON.stringify(tsText)}`, line);
  }
  return { ts: Number(tsText), timeUs: secondsTextToMicros(tsText) };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Parses one line of a capture file (no trailing newline); throws `CaptureFormatError`. */
export function parseCaptureLine(line: string): CaptureLine {
  if (line.length === 0) throw new CaptureFormatError('empty line', line);
  if (isDigit(line.charCodeAt(0))) {
    const colon = line.indexOf(': ');
    if (colon < 0) throw new CaptureFormatError('missing ": " after the timestamp', line);
    const tsText = line.slice(0, colon);
    return { kind: 'received', ...timeOf(tsText, line), tsText, body: line.slice(colon + 2) };
  }
  const space = line.indexOf(' ');
  if (space <= 0) throw new CaptureFormatError('expected "<url> <arrow> <ts>"', line);
  const url = line.slice(0, space);
  const rest = line.slice(space + 1);
  if (rest.startsWith('<-> ')) {
    const tsText = rest.slice(4);
    return { kind: 'header', url, ...timeOf(tsText, line), tsText, body: '' };
  }
  const kind: CaptureLineKind | undefined = rest.startsWith('<- ')
    ? 'sent'
    : rest.startsWith('-> ')
      ? 'http'
      : undefined;
  if (!kind) throw new CaptureFormatError('expected "<->", "<-" or "->" after the URL', line);
  const afterArrow = rest.slice(3);
  const colon = afterArrow.indexOf(': ');
  if (colon < 0) throw new CaptureFormatError('missing ": " after the timestamp', line);
  const tsText = afterArrow.slice(0, colon);
  return { kind, url, ...timeOf(tsText, line), tsText, body: afterArrow.slice(colon + 2) };
}

export type CaptureLineResult =
  | { readonly success: true; readonly data: CaptureLine }
  | { readonly success: false; readonly error: CaptureFormatError };

/** `parseCaptureLine` without throwing. */
export function safeParseCaptureLine(line: string): CaptureLineResult {
  try {
    return { success: true, data: parseCaptureLine(line) };
  } catch (error) {
    if (error instanceof CaptureFormatError) return { success: false, error };
    throw error;
  }
}

function withLocation(
  error: unknown,
  file: string | undefined,
  lineNumber: number,
): CaptureFormatError | unknown {
  return error instanceof CaptureFormatError
    ? new CaptureFormatError(error.reason, error.line, { file, lineNumber })
    : error;
}

/**
 * Every line of a capture held in memory, in file order. Blank lines (the HTTP captures end with
 * one) are skipped; a malformed line throws `CaptureFormatError` with its line number.
 */
export function parseCapture(text: string, file?: string): CaptureLine[] {
  const lines: CaptureLine[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > 0) {
      try {
        lines.push(parseCaptureLine(line));
      } catch (error) {
        throw withLocation(error, file, lineNumber);
      }
    }
    start = end + 1;
  }
  return lines;
}

/** Reads a whole capture file (the bundled ones are at most a few MB). */
export function readCapture(path: string): CaptureLine[] {
  return parseCapture(readFileSync(path, 'utf8'), path);
}

/** Streams a capture file line by line, for recordings too large to hold in memory. */
export async function* streamCapture(path: string): AsyncGenerator<CaptureLine> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.length === 0) continue;
    try {
      yield parseCaptureLine(line);
    } catch (error) {
      throw withLocation(error, path, lineNumber);
    }
  }
}

/** Writes a line in the capture format (the inverse of `parseCaptureLine`), for recorders. */
export function formatCaptureLine(
  line: Pick<CaptureLine, 'kind' | 'url' | 'tsText' | 'body'>,
): string {
  if (line.kind !== 'received' && !line.url) {
    throw new Error(`A ${line.kind} capture line needs a URL`);
  }
  switch (line.kind) {
    case 'received':
      return `${line.tsText}: ${line.body}`;
    case 'header':
      return `${line.url} <-> ${line.tsText}`;
    case 'sent':
      return `${line.url} <- ${line.tsText}: ${line.body}`;
    case 'http':
      return `${line.url} -> ${line.tsText}: ${line.body}`;
  }
}
