import { BookState, diffBooks, type BookChanges } from '../book/book-state';
import { findSlots, type Slot } from '../time/frame-slots.util';
import { parseTimeText } from '../time/time-format.util';
import type { DeltaContext, RecordRole, StreamInfo, VenueCodec } from '../venues/venue-codec';
import type { Recording, RecordingHeader } from './recording.schema';

export interface PreparedRecord {
  readonly index: number;
  /** Receipt time, epoch microseconds. */
  readonly t: number;
  readonly stream: StreamInfo;
  readonly role: RecordRole;
  readonly text: string;
  readonly slots: readonly Slot[];
  /** Sent again in every loop after the first (false for what the book baseline already holds). */
  readonly repeats: boolean;
}

/** The delta the server writes at each loop boundary to turn the last book into the first. */
export interface LoopBridge {
  readonly changes: BookChanges;
  /** The first book with the counters the bridge carries (recording coordinates, loop k-1). */
  readonly book: BookState;
  readonly context: DeltaContext;
}

/** How a book stream's state is derived at any replay position. */
export interface BookTrackPlan {
  readonly stream: StreamInfo;
  readonly baselineIndex: number;
  readonly baselineRole: 'snapshot' | 'rest';
  /** The book right after the baseline record (loop 0). */
  readonly baseline: BookState;
  /** The book right after a loop bridge (loops 1+): the baseline with loop-continuity counters. */
  readonly loopStart: BookState;
  /** Record indices applied after the baseline, in order. */
  readonly applicable: readonly number[];
  readonly end: BookState;
  readonly bridge: LoopBridge;
  /** Recorded checksums that matched / did not match the book rebuilt here. */
  readonly checksumsVerified: number;
  readonly checksumsFailed: number;
  /** Deltas that did not continue from the previous one (venues with sequence ids). */
  readonly sequenceGaps: number;
}

export interface PreparedRecording {
  readonly header: RecordingHeader;
  readonly codec: VenueCodec;
  readonly records: readonly PreparedRecord[];
  readonly streams: ReadonlyMap<string, StreamInfo>;
  readonly tracks: ReadonlyMap<string, BookTrackPlan>;
  /** Whole seconds between a record and its copy in the next loop. */
  readonly loopPeriodSec: number;
  /** Id offset per loop, per id family. */
  readonly familySpans: ReadonlyMap<string, number>;
  readonly firstUs: number;
  readonly lastUs: number;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface TrackDraft {
  stream: StreamInfo;
  baselineIndex: number;
  baselineRole: 'snapshot' | 'rest';
  baseline: BookState;
  applicable: number[];
  continuity?: number;
}

function draftTracks(recording: Recording, codec: VenueCodec, frames: (i: number) => unknown) {
  const streams = new Map(recording.header.streams.map((stream) => [stream.key, stream]));
  const drafts = new Map<string, TrackDraft>();
  recording.records.forEach((record, index) => {
    const stream = streams.get(record.s);
    if (
      stream?.kind === 'book' &&
      !drafts.has(record.s) &&
      (record.r === 'rest' || record.r === 'snapshot')
    ) {
      const baseline = new BookState();
      codec.applyToBook(baseline, frames(index), record.r);
      drafts.set(record.s, {
        stream,
        baselineIndex: index,
        baselineRole: record.r,
        baseline,
        applicable: [],
      });
    }
  });
  const repeats = recording.records.map((record) => record.r !== 'rest' && record.r !== 'latest');
  recording.records.forEach((record, index) => {
    const draft = drafts.get(record.s);
    if (!draft) {
      return;
    }
    if (record.r === 'rest' || index === draft.baselineIndex) {
      repeats[index] = false;
      return;
    }
    let applies: boolean;
    if (record.r === 'snapshot') {
      applies = index > draft.baselineIndex;
    } else if (record.r !== 'delta') {
      applies = false;
    } else if (draft.baselineRole === 'rest') {
      // REST baselines: a diff counts by what it covers, not by when it arrived.
      applies = !(codec.coveredByBaseline?.(draft.baseline, frames(index)) ?? false);
    } else {
      applies = index > draft.baselineIndex;
    }
    if (record.r === 'delta' || record.r === 'snapshot') {
      repeats[index] = applies;
    }
    if (applies) {
      if (draft.applicable.length === 0 && record.r === 'delta') {
        draft.continuity = codec.continuityId?.(frames(index));
      }
      draft.applicable.push(index);
    }
  });
  return { streams, drafts, repeats };
}

function familyRanges(records: readonly PreparedRecord[]) {
  const maxAll = new Map<string, number>();
  const minRepeated = new Map<string, number>();
  const maxRepeated = new Map<string, number>();
  for (const record of records) {
    for (const slot of record.slots) {
      if (slot.kind !== 'id') continue;
      const text = record.text.slice(slot.start, slot.end);
      if (!/^[0-9]+$/.test(text)) continue;
      const value = Number(text);
      maxAll.set(slot.family, Math.max(maxAll.get(slot.family) ?? value, value));
      if (record.repeats) {
        minRepeated.set(slot.family, Math.min(minRepeated.get(slot.family) ?? value, value));
        maxRepeated.set(slot.family, Math.max(maxRepeated.get(slot.family) ?? value, value));
      }
    }
  }
  return { maxAll, minRepeated, maxRepeated };
}

/**
 * Receipt times of all records and event times of the records every loop repeats. A record's
 * event time is its latest timestamp: Kraken snapshots and republished levels carry the age of
 * resting orders (years), which says nothing about when the frame happened.
 */
function timeRange(records: readonly PreparedRecord[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    min = Math.min(min, record.t);
    max = Math.max(max, record.t);
    if (!record.repeats) continue;
    let eventUs: number | undefined;
    for (const slot of record.slots) {
      if (slot.kind !== 'time') continue;
      const us = parseTimeText(record.text.slice(slot.start, slot.end), slot.format);
      if (us !== undefined && (eventUs === undefined || us > eventUs)) eventUs = us;
    }
    if (eventUs !== undefined) {
      min = Math.min(min, eventUs);
      max = Math.max(max, eventUs);
    }
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 0 };
}

/**
 * Everything the replay needs to know about a recording before playing it, computed once: each
 * frame's rewritable timestamps and ids, each book's baseline, which deltas apply to it, its end
 * state and the bridge back to the start, the loop period and per-family id offsets. Checksums
 * and sequence continuity are verified on the way, so a broken recording is reported at load.
 */
export function prepareRecording(recording: Recording, codec: VenueCodec): PreparedRecording {
  // Parsed on demand and not kept: a large synthetic recording would not fit twice in memory.
  const frames = (index: number): unknown => parse(recording.records[index]?.f ?? '');
  const { streams, drafts, repeats } = draftTracks(recording, codec, frames);

  const records: PreparedRecord[] = recording.records.map((record, index) => {
    const stream = streams.get(record.s) as StreamInfo;
    const frame = record.r === 'rest' ? undefined : frames(index);
    return {
      index,
      t: record.t,
      stream,
      role: record.r,
      text: record.f,
      slots: frame === undefined ? [] : findSlots(record.f, frame, codec.slotRule),
      repeats: repeats[index] ?? false,
    };
  });

  const { maxAll, minRepeated, maxRepeated } = familyRanges(records);
  const familySpans = new Map<string, number>();
  for (const [family, min] of minRepeated) {
    familySpans.set(family, (maxRepeated.get(family) ?? min) - min + 1);
  }

  const tracks = new Map<string, BookTrackPlan>();
  for (const draft of drafts.values()) {
    const family = codec.bookFamily(draft.stream);
    const end = draft.baseline.clone();
    let checksumsVerified = 0;
    let checksumsFailed = 0;
    const baselineChecksum = codec.checksum?.recorded(frames(draft.baselineIndex));
    if (baselineChecksum !== undefined && codec.checksum) {
      if (baselineChecksum === codec.checksum.compute(draft.baseline)) checksumsVerified += 1;
      else checksumsFailed += 1;
    }
    let sequenceGaps = 0;
    for (const index of draft.applicable) {
      const frame = frames(index);
      const role = records[index]?.role ?? 'delta';
      if (role === 'delta' && end.meta.seq !== undefined) {
        const continues = codec.continuityId?.(frame);
        // The first diff after a REST snapshot may straddle it (U <= lastUpdateId + 1 <= u).
        const straddles = index === draft.applicable[0] && draft.baselineRole === 'rest';
        if (
          continues !== undefined &&
          (straddles ? continues > end.meta.seq : continues !== end.meta.seq)
        ) {
          sequenceGaps += 1;
        }
      }
      codec.applyToBook(end, frame, role);
      const recorded = codec.checksum?.recorded(frame);
      if (recorded !== undefined && codec.checksum) {
        if (recorded === codec.checksum.compute(end)) checksumsVerified += 1;
        else checksumsFailed += 1;
      }
    }
    const continuity = draft.continuity ?? draft.baseline.meta.seq;
    let bridgeSeq: number | undefined;
    if (family !== undefined && continuity !== undefined && maxAll.has(family)) {
      const max = maxAll.get(family) as number;
      const span = Math.max(max + 1 - continuity, familySpans.get(family) ?? 0);
      familySpans.set(family, span);
      bridgeSeq = continuity + span;
    }
    const loopStart = draft.baseline.clone();
    if (continuity !== undefined && bridgeSeq !== undefined) {
      loopStart.meta = { ...loopStart.meta, seq: continuity };
    }
    const bridgeBook = draft.baseline.clone();
    const endTimeUs = end.meta.timeUs ?? draft.baseline.meta.timeUs;
    bridgeBook.meta = {
      ...(bridgeSeq !== undefined ? { seq: bridgeSeq } : {}),
      ...(end.meta.seq2 !== undefined ? { seq2: end.meta.seq2 } : {}),
      ...(endTimeUs !== undefined ? { timeUs: endTimeUs + codec.timeStepUs } : {}),
    };
    tracks.set(draft.stream.key, {
      stream: draft.stream,
      baselineIndex: draft.baselineIndex,
      baselineRole: draft.baselineRole,
      baseline: draft.baseline,
      loopStart,
      applicable: draft.applicable,
      end,
      bridge: {
        changes: diffBooks(end, draft.baseline),
        book: bridgeBook,
        context:
          end.meta.seq !== undefined ? { firstSeq: end.meta.seq + 1, prevSeq: end.meta.seq } : {},
      },
      checksumsVerified,
      checksumsFailed,
      sequenceGaps,
    });
  }

  const range = timeRange(records);
  return {
    header: recording.header,
    codec,
    records,
    streams,
    tracks,
    loopPeriodSec: Math.ceil((range.max - range.min) / 1_000_000) + 1,
    familySpans,
    firstUs: records[0]?.t ?? 0,
    lastUs: records[records.length - 1]?.t ?? 0,
  };
}
