import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
  type RecordingRecord,
} from '../recording/recording.schema';
import { SyntheticFeed, type SyntheticFeedOptions } from './synthetic-feed';

/**
 * A finite synthetic recording: every book's baseline at the start, then `durationUs` of
 * generated frames. Same options, same bytes.
 */
export function syntheticRecording(
  options: SyntheticFeedOptions,
  durationUs: number,
  name = `${options.venue}-synthetic`,
): Recording {
  const feed = new SyntheticFeed(options);
  const records: RecordingRecord[] = feed.baselines().map(({ t, s, r, f }) => ({ t, s, r, f }));
  const endUs = options.startUs + durationUs;
  for (let at = feed.peekTime(); at !== undefined && at <= endUs; at = feed.peekTime()) {
    const record = feed.next();
    if (record) {
      records.push({ t: record.t, s: record.s, r: record.r, f: record.f });
    }
  }
  return {
    header: {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      venue: options.venue,
      name,
      description:
        `Synthetic ${options.venue} data: ${options.markets} markets, about ` +
        `${options.bookUpdatesPerSecond} book updates and ${options.tradesPerSecond} trades per second per market.`,
      sources: [
        `synthetic markets=${options.markets} seed=${options.seed} bookRate=${options.bookUpdatesPerSecond} ` +
          `tradeRate=${options.tradesPerSecond} durationUs=${durationUs}`,
      ],
      synthetic: true,
      startUs: records[0]?.t ?? options.startUs,
      endUs: records[records.length - 1]?.t ?? options.startUs,
      recordCount: records.length,
      streams: [...feed.streams].sort((a, b) => a.key.localeCompare(b.key)),
    },
    records,
  };
}
