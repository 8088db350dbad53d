import { Injectable, Logger } from '@nestjs/common';
import type { Venue } from '@tickline/domain';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { recordingSource, syntheticSource, type TimelineSource } from '../replay/timeline-source';
import { VENUE_CODECS } from '../venues/venue-codecs';
import { prepareRecording } from './prepared-recording';
import { loadRecordings } from './recording-file.util';

/**
 * The data each venue replays: recordings loaded (and checked) at boot from REPLAY_RECORDINGS,
 * or the endless generator for venues named in REPLAY_SYNTHETIC. More files can be loaded at
 * run time through the control API.
 */
@Injectable()
export class RecordingStore {
  private readonly logger = new Logger(RecordingStore.name);
  private readonly byVenue = new Map<Venue, TimelineSource>();

  constructor(config: ConfigService<AppConfig>) {
    const wanted = new Set<Venue>(config.get('REPLAY_VENUES'));
    const keep = (venue: Venue) => wanted.size === 0 || wanted.has(venue);
    const synthetic = new Set(config.get('REPLAY_SYNTHETIC').map((spec) => spec.venue));
    // Recordings of venues that are not served, or served by the generator, are not prepared.
    for (const source of this.fromFiles(
      config.get('REPLAY_RECORDINGS'),
      (venue) => keep(venue) && !synthetic.has(venue),
    )) {
      this.byVenue.set(source.venue, source);
    }
    for (const spec of config.get('REPLAY_SYNTHETIC')) {
      if (keep(spec.venue)) {
        this.byVenue.set(spec.venue, syntheticSource(spec));
        this.logger.log(
          `Serving ${spec.venue} from the synthetic generator: ${spec.markets} markets, ` +
            `${spec.bookUpdatesPerSecond} book updates and ${spec.tradesPerSecond} trades per second per market.`,
        );
      }
    }
  }

  sources(): ReadonlyMap<Venue, TimelineSource> {
    return this.byVenue;
  }

  /** Loads recording or capture files; returns the sources they make (one per venue). */
  load(paths: readonly string[]): TimelineSource[] {
    const sources = this.fromFiles(paths);
    for (const source of sources) {
      this.byVenue.set(source.venue, source);
    }
    return sources;
  }

  private fromFiles(
    paths: readonly string[],
    wanted: (venue: Venue) => boolean = () => true,
  ): TimelineSource[] {
    const sources: TimelineSource[] = [];
    for (const [venue, recording] of loadRecordings(paths)) {
      if (!wanted(venue)) {
        continue;
      }
      const prepared = prepareRecording(recording, VENUE_CODECS[venue]);
      const source = recordingSource(prepared);
      const books = source.info.books ?? [];
      const failed = books.reduce((sum, book) => sum + book.checksumsFailed, 0);
      const gaps = books.reduce((sum, book) => sum + book.sequenceGaps, 0);
      const verified = books.reduce((sum, book) => sum + book.checksumsVerified, 0);
      const message =
        `Loaded ${recording.header.name} for ${venue}: ${prepared.records.length} frames, ` +
        `${prepared.streams.size} streams, ${verified} checksums verified, ${failed} failed, ` +
        `${gaps} sequence gaps, loop period ${prepared.loopPeriodSec} s.`;
      if (failed > 0 || gaps > 0) {
        this.logger.warn(message);
      } else {
        this.logger.log(message);
      }
      sources.push(source);
    }
    return sources;
  }
}
