// Writes a synthetic recording for volume tests, in the app's recording format:
//   tsx scripts/generate-synthetic.ts --venue okx --markets 200 [--seconds 60] [--book-rate 8]
//     [--trade-rate 2] [--seed 1] [--start 2024-03-01T12:00:00Z] --out okx-200.ndjson.gz
// Load it with REPLAY_RECORDINGS=<file> (or POST /control/recordings). For endless data without
// a file, use REPLAY_SYNTHETIC instead.
import { statSync } from 'node:fs';

import { isVenue } from '@tickline/domain';

import { prepareRecording } from '../src/recording/prepared-recording';
import { writeRecordingFile } from '../src/recording/recording-file.util';
import { syntheticRecording } from '../src/synthetic/synthetic-recording.util';
import { VENUE_CODECS } from '../src/venues/venue-codecs';

function option(name: string, fallback?: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : fallback;
  if (value === undefined) {
    throw new Error(`--${name} is required`);
  }
  return value;
}

function main(): void {
  const venue = option('venue');
  if (!isVenue(venue)) {
    throw new Error(`--venue: "${venue}" is not a venue`);
  }
  const out = option('out');
  const seconds = Number(option('seconds', '60'));
  const options = {
    venue,
    markets: Number(option('markets', '10')),
    seed: Number(option('seed', '1')),
    startUs: Date.parse(option('start', '2024-03-01T12:00:00Z')) * 1000,
    bookUpdatesPerSecond: Number(option('book-rate', '8')),
    tradesPerSecond: Number(option('trade-rate', '2')),
  };
  const recording = syntheticRecording(
    options,
    seconds * 1_000_000,
    `${venue}-synthetic-${options.markets}`,
  );
  const prepared = prepareRecording(recording, VENUE_CODECS[venue]);
  const tracks = [...prepared.tracks.values()];
  const failed = tracks.reduce((sum, track) => sum + track.checksumsFailed + track.sequenceGaps, 0);
  writeRecordingFile(out, recording);
  console.log(
    `${out}: ${recording.records.length} records, ${prepared.streams.size} streams, ` +
      `${failed} checksum failures or sequence gaps, ${statSync(out).size} bytes`,
  );
}

main();
