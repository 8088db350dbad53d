import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import type { Venue } from '@tickline/domain';
import { parseCapture } from '@tickline/venues';

import { recordingsFromCaptures, type CaptureFile } from './capture-import.util';
import {
  RECORDING_FORMAT,
  recordingHeaderSchema,
  recordingRecordSchema,
  type Recording,
  type RecordingRecord,
} from './recording.schema';

const GZIP_MAGIC = [0x1f, 0x8b];

/** NDJSON text of a recording: the header line, then one line per record. */
export function recordingToText(recording: Recording): string {
  const lines = [JSON.stringify(recording.header)];
  for (const record of recording.records) {
    lines.push(JSON.stringify({ t: record.t, s: record.s, r: record.r, f: record.f }));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes a recording; a `.gz` name gets gzip (no name or time in its header, so it is stable). */
export function writeRecordingFile(path: string, recording: Recording): void {
  const text = recordingToText(recording);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
}

function readText(path: string): string {
  const bytes = readFileSync(path);
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]
    ? gunzipSync(bytes).toString('utf8')
    : bytes.toString('utf8');
}

export function isRecordingText(text: string): boolean {
  return text.startsWith(`{"format":"${RECORDING_FORMAT}"`);
}

/** Parses a recording file's text; names the line of the first problem. */
export function parseRecordingText(text: string, name = 'recording'): Recording {
  const lines = text.split('\n');
  const headerResult = recordingHeaderSchema.safeParse(JSON.parse(lines[0] ?? '{}'));
  if (!headerResult.success) {
    throw new Error(`${name}: invalid recording header: ${headerResult.error.message}`);
  }
  const streams = new Set(headerResult.data.streams.map((stream) => stream.key));
  const records: RecordingRecord[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line.length === 0) {
      continue;
    }
    const result = recordingRecordSchema.safeParse(JSON.parse(line));
    if (!result.success) {
      throw new Error(`${name}:${index + 1}: invalid record: ${result.error.message}`);
    }
    if (!streams.has(result.data.s)) {
      throw new Error(`${name}:${index + 1}: stream ${result.data.s} is not in the header`);
    }
    records.push(result.data);
  }
  return { header: headerResult.data, records };
}

function expand(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      throw new Error(`Recording path ${path} does not exist`);
    }
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        const full = join(path, entry);
        if (statSync(full).isFile() && !entry.startsWith('.') && !entry.endsWith('.md')) {
          files.push(full);
        }
      }
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * Loads recordings from files or directories: the app's own format (`.ndjson`, optionally
 * gzipped) and raw capture files (cryptofeed format), which are converted on the fly, several
 * files of one venue merged into one recording. One recording per venue.
 */
export function loadRecordings(paths: readonly string[]): Map<Venue, Recording> {
  const byVenue = new Map<Venue, Recording>();
  const captures: CaptureFile[] = [];
  const add = (recording: Recording, from: string) => {
    const venue = recording.header.venue;
    if (byVenue.has(venue)) {
      throw new Error(
        `Two recordings for ${venue} (${from} and ${byVenue.get(venue)?.header.name})`,
      );
    }
    byVenue.set(venue, recording);
  };
  for (const file of expand(paths)) {
    const text = readText(file);
    if (isRecordingText(text)) {
      add(parseRecordingText(text, file), file);
    } else {
      captures.push({ name: file, lines: parseCapture(text, file) });
    }
  }
  if (captures.length > 0) {
    for (const recording of recordingsFromCaptures(captures).recordings) {
      add(recording, recording.header.sources.join(' + '));
    }
  }
  return byVenue;
}
