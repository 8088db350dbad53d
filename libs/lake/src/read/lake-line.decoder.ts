import {
  type LakeKeyParts,
  MICROS_PER_MINUTE,
  type ReplicaNeutralEnvelope,
  replicaNeutralEnvelopeSchema,
  safeParseWithSchema,
} from '@tickline/domain';

import { compareLakeEvents } from '../encode/event-order.util';
import {
  type LakeIssueHandler,
  type LakeReadIssue,
  type LakeReadIssueKind,
  LakeReadError,
} from './lake-read.error';

const SHOWN_TEXT = 200;

/**
 * Turns the lines of one lake object into validated replica-neutral envelopes, checking each
 * against the object's key (stream and minute) and the lake order. Every problem is reported
 * with the key and the 1-based line number; without a handler the first one throws.
 */
export class LakeLineDecoder {
  private lineNumber = 0;
  private previous: ReplicaNeutralEnvelope | null = null;

  constructor(
    readonly key: string,
    private readonly parts: LakeKeyParts | null,
    private readonly onIssue: LakeIssueHandler | undefined,
  ) {}

  /** Lines decoded so far. */
  get lines(): number {
    return this.lineNumber;
  }

  report(kind: LakeReadIssueKind, line: number | null, message: string, text?: string): void {
    const issue: LakeReadIssue = {
      key: this.key,
      line,
      kind,
      message,
      ...(text === undefined ? {} : { text: text.slice(0, SHOWN_TEXT) }),
    };
    if (this.onIssue === undefined) throw new LakeReadError(issue);
    this.onIssue(issue);
  }

  /** The envelope on the next line, or `null` when the line was reported instead. */
  decode(text: string): ReplicaNeutralEnvelope | null {
    const line = ++this.lineNumber;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const reason = text.length === 0 ? 'empty line' : (error as Error).message;
      this.report('json', line, `not valid JSON (${reason})`, text);
      return null;
    }
    const parsed = safeParseWithSchema(replicaNeutralEnvelopeSchema, json, 'lake line');
    if (!parsed.success) {
      this.report('schema', line, parsed.error.message, text);
      return null;
    }
    const event = parsed.data;
    const mismatch = this.mismatchOf(event);
    if (mismatch !== null) {
      this.report('mismatch', line, mismatch, text);
      return null;
    }
    if (this.previous !== null && compareLakeEvents(this.previous, event) > 0) {
      this.report('order', line, 'the event sorts before the previous line', text);
    }
    this.previous = event;
    return event;
  }

  private mismatchOf(event: ReplicaNeutralEnvelope): string | null {
    const parts = this.parts;
    if (parts === null) return null;
    for (const field of ['system', 'type', 'venue', 'market'] as const) {
      if (event[field] !== parts[field]) {
        return `${field} ${JSON.stringify(event[field])} differs from the key's ${JSON.stringify(parts[field])}`;
      }
    }
    const t = event.exchangeTimeUs;
    if (t < parts.windowStartUs || t >= parts.windowStartUs + MICROS_PER_MINUTE) {
      return `exchangeTimeUs ${t} is outside the key's minute starting at ${parts.windowStartUs}`;
    }
    return null;
  }
}

/** Splits a byte stream at \n into UTF-8 lines; a last line without \n is still returned. */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let rest: Buffer | null = null;
  for await (const chunk of chunks) {
    const data: Buffer = rest === null ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    let end = data.indexOf(10, start);
    while (end >= 0) {
      yield data.toString('utf8', start, end);
      start = end + 1;
      end = data.indexOf(10, start);
    }
    rest = start < data.length ? data.subarray(start) : null;
  }
  if (rest !== null) yield rest.toString('utf8');
}

/** The same split over bytes already in memory. */
export function* splitLinesSync(data: Buffer): Generator<string> {
  let start = 0;
  let end = data.indexOf(10, start);
  while (end >= 0) {
    yield data.toString('utf8', start, end);
    start = end + 1;
    end = data.indexOf(10, start);
  }
  if (start < data.length) yield data.toString('utf8', start);
}
