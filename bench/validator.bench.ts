import path from 'node:path';

import { type Envelope, toCanonicalJson, type Venue } from '@tickline/domain';
import { type CaptureLine, createVenueAdapter, readCapture } from '@tickline/venues';

import { PartitionValidator } from '../apps/validator/src/validation/partition-validator.model';
import type { RawEvent } from '../apps/validator/src/validation/raw-event.type';
import type { ValidationSettings } from '../apps/validator/src/validation/validation-settings.type';
import { defineBenchmark } from './lib/benchmark.types';
import { median } from './lib/measure.util';

// The validator's pure pipeline (`PartitionValidator.validate`: JSON decode, version, schema
// and key checks, identity dedupe, sequence rules, book guard, number and time rules, outputs)
// on the recorded venue captures, one core. Every capture frame is mapped to envelopes as two
// redundant ingesters would (same frames, different ingester ids), and the two copies of each
// envelope are interleaved in one raw partition as Kafka records, so half the messages are
// judged duplicates, as in production. Mapping and serialization are outside the timing.

const FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'venues');
const CAPTURES: readonly [Venue, string][] = [
  ['binance', 'BINANCE.ws.1.0'],
  ['coinbase', 'COINBASE.ws.28.0'],
  ['kraken', 'KRAKEN.ws.50.0'],
  ['kraken', 'KRAKEN.ws.48.0'],
  ['bitstamp', 'BITSTAMP.ws.1.0'],
  ['okx', 'OKX.ws.1.0'],
];
const INGESTERS = ['ingester-a', 'ingester-b'] as const;
const RUNS = 5;
/** Passes over the messages per run, so a run lasts long enough to time. */
const PASSES = 3;

function envelopesOf(venue: Venue, capture: string, ingesterId: string): Envelope[] {
  const lines: CaptureLine[] = readCapture(path.join(FIXTURES, capture)).filter(
    (line) => line.kind === 'received',
  );
  const mapper = createVenueAdapter(venue, {}).createMapper({ system: 'primary', ingesterId });
  const events: Envelope[] = [];
  for (const line of lines) {
    const result = mapper.map(line.body, line.timeUs);
    if (result.kind === 'events') events.push(...result.events);
  }
  return events;
}

/** Both ingesters' copies of every capture, interleaved per envelope, as Kafka records. */
function rawPartition(): RawEvent[] {
  const records: RawEvent[] = [];
  for (const [venue, capture] of CAPTURES) {
    const copies = INGESTERS.map((id) => envelopesOf(venue, capture, id));
    const first = copies[0] as Envelope[];
    for (let i = 0; i < first.length; i++) {
      for (const copy of copies) {
        const envelope = copy[i] as Envelope;
        records.push({
          topic: 'raw',
          partition: 0,
          offset: String(records.length),
          key: Buffer.from(`${envelope.venue}:${envelope.symbol}`),
          value: Buffer.from(toCanonicalJson(envelope)),
        });
      }
    }
  }
  return records;
}

const settings: ValidationSettings = {
  service: 'validator',
  instance: 'bench-0',
  maxFutureSkewUs: 5_000_000,
  // The captures are years old: the age rule compares exchange and receive time, both recorded.
  maxEventAgeUs: 300_000_000,
  dedupeWindow: 100_000,
  maxMarkets: 1_000,
  maxBookDepth: 5_000,
  now: () => 1_800_000_000_000_000,
};

export default defineBenchmark({
  name: 'validator',
  description:
    "The validator's pure pipeline (decode, schema, identity dedupe, sequence, book and content rules) on the recorded venue captures, each envelope from two ingesters, one core.",
  figures: {
    'validate.msgs_per_s': {
      unit: 'messages/s',
      // The peak raw rate of all venues together, duplicates included (see docs/benchmarks.md).
      goal: { min: 50_000 },
      description:
        'raw Kafka records judged per second (accepted, dropped as duplicate or rejected)',
    },
    'validate.msgs_per_cpu_s': {
      unit: 'messages/CPU s',
      description: 'the same per second of process CPU time, which a shared machine moves far less',
    },
  },
  async run() {
    const records = rawPartition();
    const outcomes = { accepted: 0, dropped: 0, rejected: 0 };
    const once = (count: boolean): { wall: number; cpu: number } => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let pass = 0; pass < PASSES; pass++) {
        // A fresh validator per pass: a second pass over the same records would be all duplicates.
        const validator = new PartitionValidator(settings);
        for (const record of records) {
          const result = validator.validate(record);
          if (count && pass === 0) outcomes[result.outcome]++;
        }
      }
      const used = process.cpuUsage(cpu);
      const judged = records.length * PASSES;
      return {
        wall: (judged * 1000) / (performance.now() - start),
        cpu: (judged * 1e6) / (used.user + used.system),
      };
    };
    once(true);
    const perSecond = Array.from({ length: RUNS }, () => once(false));
    if (outcomes.accepted === 0 || outcomes.dropped < records.length / 2 - outcomes.rejected) {
      throw new Error(`unexpected outcomes: ${JSON.stringify(outcomes)}`);
    }
    process.stdout.write(
      `${records.length} records (${records.length / 2} envelopes x 2 ingesters): ` +
        `${outcomes.accepted} accepted, ${outcomes.dropped} dropped, ${outcomes.rejected} rejected\n`,
    );
    return {
      'validate.msgs_per_s': Math.round(median(perSecond.map((r) => r.wall))),
      'validate.msgs_per_cpu_s': Math.round(median(perSecond.map((r) => r.cpu))),
    };
  },
});
