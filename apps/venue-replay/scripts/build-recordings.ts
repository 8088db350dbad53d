// Builds the recordings the app ships with (apps/venue-replay/recordings) from the bundled real
// captures (../shared/fixtures/venues next to the repository) plus a synthetic Bybit recording,
// since no Bybit capture exists. Run: npx nx run venue-replay:recordings
//   tsx scripts/build-recordings.ts [--captures <dir>] [--out <dir>]
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { readCapture } from '@tickline/venues';

import { recordingsFromCaptures, type CaptureFile } from '../src/recording/capture-import.util';
import { prepareRecording } from '../src/recording/prepared-recording';
import { writeRecordingFile } from '../src/recording/recording-file.util';
import type { Recording } from '../src/recording/recording.schema';
import { BYBIT_SYNTHETIC } from '../src/synthetic/bybit-synthetic.constants';
import { syntheticRecording } from '../src/synthetic/synthetic-recording.util';
import { VENUE_CODECS } from '../src/venues/venue-codecs';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? (process.argv[index + 1] as string) : fallback;
}

function summary(recording: Recording): string {
  const prepared = prepareRecording(recording, VENUE_CODECS[recording.header.venue]);
  const tracks = [...prepared.tracks.values()];
  const sum = (pick: (track: (typeof tracks)[number]) => number) =>
    tracks.reduce((total, track) => total + pick(track), 0);
  return (
    `${prepared.records.length} records, ${prepared.streams.size} streams, ${tracks.length} books, ` +
    `checksums ${sum((track) => track.checksumsVerified)} verified / ${sum((track) => track.checksumsFailed)} failed, ` +
    `${sum((track) => track.sequenceGaps)} sequence gaps, loop period ${prepared.loopPeriodSec} s`
  );
}

function main(): void {
  const capturesDir = resolve(
    argument('--captures', join(__dirname, '../../../..', 'shared/fixtures/venues')),
  );
  const outDir = resolve(argument('--out', join(__dirname, '..', 'recordings')));
  mkdirSync(outDir, { recursive: true });
  const files: CaptureFile[] = readdirSync(capturesDir)
    .filter(
      (name) => /\.(ws|http)\.\d+\.\d+$/.test(name) && statSync(join(capturesDir, name)).isFile(),
    )
    .sort()
    .map((name) => ({ name, lines: readCapture(join(capturesDir, name)) }));
  const { recordings, reports } = recordingsFromCaptures(files, {
    description:
      'Real captures (cryptofeed sample_data, MIT), converted by scripts/build-recordings.ts.',
  });
  const all = [
    ...recordings,
    syntheticRecording(BYBIT_SYNTHETIC.options, BYBIT_SYNTHETIC.durationUs),
  ];
  for (const recording of all) {
    const path = join(outDir, `${recording.header.name}.ndjson.gz`);
    writeRecordingFile(path, recording);
    const report = reports.find(
      (entry) => entry.venue === recording.header.venue && !recording.header.synthetic,
    );
    const dropped = report
      ? `; dropped ${report.controlFrames} control, ${report.sentFrames} sent, ${report.invalidFrames} invalid frames, ${report.unmatchedRest} unmatched REST`
      : '';
    console.log(`${path}: ${summary(recording)}${dropped} (${statSync(path).size} bytes)`);
  }
}

main();
