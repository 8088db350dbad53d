import type { Venue } from '@tickline/domain';

import type { PreparedRecording } from '../recording/prepared-recording';
import { SyntheticFeed } from '../synthetic/synthetic-feed';
import { syntheticMarkets } from '../synthetic/synthetic-markets.util';
import type { SyntheticSpec } from '../synthetic/synthetic-spec.util';
import { resolveTimeShift, type TimeShiftSetting } from '../time/time-shift.util';
import { RecordingTimeline } from '../timeline/recording-timeline';
import { SyntheticTimeline } from '../timeline/synthetic-timeline';
import type { Timeline } from '../timeline/timeline';

/** Describes a source for the status endpoint. */
export interface SourceInfo {
  readonly name: string;
  readonly synthetic: boolean;
  /** False for the endless generator. */
  readonly recorded: boolean;
  readonly streams: number;
  readonly records?: number;
  readonly startUs?: number;
  readonly endUs?: number;
  readonly loopPeriodSec?: number;
  readonly sources?: readonly string[];
  /** Per book stream: recorded checksums that verified / failed, sequence gaps. */
  readonly books?: readonly {
    stream: string;
    checksumsVerified: number;
    checksumsFailed: number;
    sequenceGaps: number;
  }[];
}

/** Makes fresh timelines of one venue's data (a restart starts a new one). */
export interface TimelineSource {
  readonly venue: Venue;
  readonly info: SourceInfo;
  create(timeShift: TimeShiftSetting, loop: boolean, nowMs: number): Timeline;
}

export function recordingSource(prepared: PreparedRecording): TimelineSource {
  return {
    venue: prepared.header.venue,
    info: {
      name: prepared.header.name,
      synthetic: prepared.header.synthetic,
      recorded: true,
      streams: prepared.streams.size,
      records: prepared.records.length,
      startUs: prepared.firstUs,
      endUs: prepared.lastUs,
      loopPeriodSec: prepared.loopPeriodSec,
      sources: prepared.header.sources,
      books: [...prepared.tracks.values()].map((track) => ({
        stream: track.stream.key,
        checksumsVerified: track.checksumsVerified,
        checksumsFailed: track.checksumsFailed,
        sequenceGaps: track.sequenceGaps,
      })),
    },
    create: (timeShift, loop, nowMs) =>
      new RecordingTimeline(prepared, resolveTimeShift(timeShift, prepared.firstUs, nowMs), loop),
  };
}

/**
 * The endless generator. It has no recorded start: "none" and "now" both start it at the wall
 * clock (live-looking data), a date or instant starts it there, an offset moves it from now.
 */
export function syntheticSource(spec: SyntheticSpec): TimelineSource {
  const name = `${spec.venue}-synthetic-live`;
  const streams = syntheticMarkets(spec.venue, spec.markets, spec.seed).reduce(
    (count, market) => count + 1 + market.trades.length,
    0,
  );
  return {
    venue: spec.venue,
    info: { name, synthetic: true, recorded: false, streams },
    create: (timeShift, _loop, nowMs) => {
      const nowUs = Math.floor(nowMs / 1000) * 1_000_000;
      const startUs = nowUs + resolveTimeShift(timeShift, nowUs, nowMs) * 1_000_000;
      return new SyntheticTimeline(new SyntheticFeed({ ...spec, startUs }), name);
    },
  };
}
