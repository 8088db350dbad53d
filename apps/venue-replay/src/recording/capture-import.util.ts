import { basename } from 'node:path';

import type { Venue } from '@tickline/domain';
import type { CaptureLine } from '@tickline/venues';

import type { StreamInfo } from '../venues/venue-codec';
import { VENUE_CODECS, venueOfUrl } from '../venues/venue-codecs';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
  type RecordingRecord,
} from './recording.schema';

export interface CaptureFile {
  /** Path or name; its base name is kept in the recording's `sources`. */
  readonly name: string;
  readonly lines: readonly CaptureLine[];
}

/** What a conversion kept and dropped, per venue. */
export interface CaptureImportReport {
  readonly venue: Venue;
  readonly records: number;
  /** Venue control frames the server writes itself (acks, heartbeats, status). */
  readonly controlFrames: number;
  /** Frames the client sent (subscribes); the server answers them itself. */
  readonly sentFrames: number;
  /** Received frames that are not JSON. */
  readonly invalidFrames: number;
  /** REST responses that match no recorded book stream. */
  readonly unmatchedRest: number;
}

interface Pending {
  readonly line: CaptureLine;
  readonly order: number;
}

function capturesByVenue(
  files: readonly CaptureFile[],
): Map<Venue, { pending: Pending[]; sources: string[] }> {
  const byVenue = new Map<Venue, { pending: Pending[]; sources: string[] }>();
  let order = 0;
  for (const file of files) {
    const header = file.lines.find((line) => line.url !== undefined);
    const venue = header?.url ? venueOfUrl(header.url) : undefined;
    if (!venue) {
      throw new Error(`Cannot tell the venue of capture ${file.name}: no recognised URL in it`);
    }
    const entry = byVenue.get(venue) ?? { pending: [], sources: [] };
    for (const line of file.lines) {
      entry.pending.push({ line, order: order++ });
    }
    entry.sources.push(basename(file.name));
    byVenue.set(venue, entry);
  }
  return byVenue;
}

/**
 * Turns capture files (cryptofeed's raw format) into one recording per venue: received frames
 * are attributed to their stream and role, REST snapshots to the book stream they sync, all in
 * receipt-time order (files of one venue are merged). Acks, heartbeats and status frames are
 * dropped because the server answers subscribes and sends heartbeats itself, per connection.
 */
export function recordingsFromCaptures(
  files: readonly CaptureFile[],
  options: { name?: (venue: Venue) => string; description?: string } = {},
): { recordings: Recording[]; reports: CaptureImportReport[] } {
  const recordings: Recording[] = [];
  const reports: CaptureImportReport[] = [];
  for (const [venue, { pending, sources }] of capturesByVenue(files)) {
    const codec = VENUE_CODECS[venue];
    // A stable sort keeps file order for equal receipt times.
    pending.sort((a, b) => a.line.timeUs - b.line.timeUs || a.order - b.order);
    const streams = new Map<string, StreamInfo>();
    const withData = new Set<string>();
    const slots: (RecordingRecord | { rest: CaptureLine })[] = [];
    let controlFrames = 0;
    let sentFrames = 0;
    let invalidFrames = 0;
    let unmatchedRest = 0;
    const register = (found: readonly StreamInfo[]) => {
      for (const stream of found) {
        if (!streams.has(stream.key)) streams.set(stream.key, stream);
      }
    };
    for (const { line } of pending) {
      if (line.kind === 'header') {
        if (line.url && codec.streamsOfUrl) register(codec.streamsOfUrl(new URL(line.url)));
      } else if (line.kind === 'sent') {
        sentFrames += 1;
      } else if (line.kind === 'http') {
        slots.push({ rest: line });
      } else if (line.kind === 'received') {
        let frame: unknown;
        try {
          frame = JSON.parse(line.body);
        } catch {
          invalidFrames += 1;
          continue;
        }
        const classified = codec.classify(frame);
        if (!classified) {
          register(codec.streamsOfAck?.(frame) ?? []);
          controlFrames += 1;
          continue;
        }
        let role = classified.role;
        if (!withData.has(classified.stream.key)) {
          withData.add(classified.stream.key);
          // What a data frame says about its stream wins over what an ack or URL implied.
          streams.set(classified.stream.key, classified.stream);
          if (role === 'data' && codec.latestOnSubscribe?.(classified.stream)) {
            role = 'latest';
          }
        }
        slots.push({ t: line.timeUs, s: classified.stream.key, r: role, f: line.body });
      }
    }
    // REST lines are matched once every stream is known (the HTTP file may come first).
    const records: RecordingRecord[] = [];
    for (const slot of slots) {
      if (!('rest' in slot)) {
        records.push(slot);
        continue;
      }
      const stream = slot.rest.url
        ? codec.classifyRest?.(new URL(slot.rest.url), [...streams.values()])
        : undefined;
      if (!stream) {
        unmatchedRest += 1;
        continue;
      }
      if (!streams.has(stream.key)) {
        // A book that was subscribed but silent during the capture still exists at the venue.
        streams.set(stream.key, stream);
      }
      records.push({ t: slot.rest.timeUs, s: stream.key, r: 'rest', f: slot.rest.body });
    }
    recordings.push({
      header: {
        format: RECORDING_FORMAT,
        version: RECORDING_VERSION,
        venue,
        name: options.name?.(venue) ?? `${venue}-capture`,
        ...(options.description ? { description: options.description } : {}),
        sources,
        synthetic: false,
        startUs: records[0]?.t ?? 0,
        endUs: records[records.length - 1]?.t ?? 0,
        recordCount: records.length,
        streams: [...streams.values()].sort((a, b) => a.key.localeCompare(b.key)),
      },
      records,
    });
    reports.push({
      venue,
      records: records.length,
      controlFrames,
      sentFrames,
      invalidFrames,
      unmatchedRest,
    });
  }
  return { recordings, reports };
}
