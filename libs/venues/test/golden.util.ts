import { createHash } from 'node:crypto';

import { safeParseEnvelope, toCanonicalJson, type Venue } from '@tickline/domain';

import { readCapture } from '../src/capture/capture-line.util';
import type { MapResult } from '../src/core/map-result.type';
import type { VenueAdapter } from '../src/core/venue-adapter.interface';
import { fixturePath } from './fixtures.util';

// Normalizes a whole capture file through a venue adapter into one text line per output: every
// envelope in canonical JSON, every ignored frame with its reason, every error with its reason.
// A golden file pins the counts per category, the sha256 of all lines, and the first few lines
// of each category, so a change anywhere in the mapping shows up as a reviewable diff.

export const GOLDEN_CONTEXT = { system: 'primary', ingesterId: 'golden' } as const;
const SAMPLES_PER_CATEGORY = 3;
const MAX_SAMPLE_CHARS = 1_500;

export interface NormalizedCapture {
  readonly capture: string;
  readonly venue: Venue;
  /** Received frames (WebSocket) or responses (HTTP) fed to the mapper. */
  readonly inputs: number;
  readonly lines: readonly { readonly category: string; readonly text: string }[];
  /** Envelopes the domain schema rejected (must be none). */
  readonly invalidEnvelopes: readonly string[];
}

function outputsOf(
  result: MapResult,
  lineNumber: number,
  invalid: string[],
): { category: string; text: string }[] {
  switch (result.kind) {
    case 'events':
      return result.events.map((event) => {
        const check = safeParseEnvelope(event);
        if (!check.success) invalid.push(`line ${lineNumber}: ${check.error.message}`);
        return {
          category: event.type,
          text: `{"line":${lineNumber},"event":${toCanonicalJson(event)}}`,
        };
      });
    case 'ignored':
      return [
        {
          category: `ignored:${result.reason}`,
          text: JSON.stringify({ line: lineNumber, ignored: result.reason, detail: result.detail }),
        },
      ];
    case 'error':
      return [
        {
          category: `error:${result.error.reason}`,
          text: JSON.stringify({
            line: lineNumber,
            error: result.error.reason,
            path: result.error.path,
            detail: result.error.detail,
          }),
        },
      ];
  }
}

export function normalizeCapture(adapter: VenueAdapter, capture: string): NormalizedCapture {
  const mapper = adapter.createMapper(GOLDEN_CONTEXT);
  const lines: { category: string; text: string }[] = [];
  const invalid: string[] = [];
  let inputs = 0;
  readCapture(fixturePath(capture)).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.kind === 'received') {
      inputs++;
      lines.push(...outputsOf(mapper.map(line.body, line.timeUs), lineNumber, invalid));
    } else if (line.kind === 'http') {
      inputs++;
      const request = adapter.snapshot?.parseUrl(line.url ?? '');
      if (!request || !mapper.mapSnapshot)
        throw new Error(`${capture}:${lineNumber}: not a snapshot URL`);
      lines.push(
        ...outputsOf(mapper.mapSnapshot(request, line.body, line.timeUs), lineNumber, invalid),
      );
    }
  });
  return { capture, venue: adapter.venue, inputs, lines, invalidEnvelopes: invalid };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The golden file text of a normalized capture. */
export function goldenText(normalized: NormalizedCapture): string {
  const counts: Record<string, number> = {};
  const samples: string[] = [];
  for (const { category, text } of normalized.lines) {
    counts[category] = (counts[category] ?? 0) + 1;
    if ((counts[category] as number) > SAMPLES_PER_CATEGORY) continue;
    samples.push(
      text.length <= MAX_SAMPLE_CHARS
        ? text
        : JSON.stringify({
            line: (JSON.parse(text) as { line: number }).line,
            category,
            bytes: text.length,
            sha256: sha256(text),
            head: text.slice(0, 600),
          }),
    );
  }
  const header = {
    capture: normalized.capture,
    venue: normalized.venue,
    inputs: normalized.inputs,
    outputs: normalized.lines.length,
    counts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
    sha256: sha256(normalized.lines.map((line) => line.text).join('\n')),
  };
  return `${[JSON.stringify(header), ...samples].join('\n')}\n`;
}
