// Command-line options of `npm start` (the main job). Everything has a default.
import { z } from 'zod';

// The orchestrator runs before anything is built, so it does not import workspace libraries;
// these are the venues the ingestor and the replay server support.
export const VENUES = ['binance', 'coinbase', 'kraken', 'bitstamp', 'okx', 'bybit'] as const;
export type Venue = (typeof VENUES)[number];

/** The venues whose bundled recordings are real captures (Bybit's is synthetic). */
export const RECORDED_VENUES: readonly Venue[] = [
  'binance',
  'coinbase',
  'kraken',
  'bitstamp',
  'okx',
];

export const HELP = `Usage: npm start [-- options]

Runs the whole pipeline on the bundled venue recordings: local stack, venue replay, a primary and a
replica ingestor, validator, cache, publisher, exporter and the operator console; publishes the
day, waits for the subscriber's export and prints a report. Then keeps serving until Ctrl-C.

Options:
  --venues <list>     comma separated venues to replay (default ${RECORDED_VENUES.join(',')};
                      also: bybit, whose recording is synthetic)
  --speed <factor>    replay speed, a factor of real time (default 3)
  --play <seconds>    how long the recording plays before the day is published (default 60)
  --date <YYYY-MM-DD> the UTC day the recordings are shifted into (default yesterday)
  --exit, --no-keep-running
                      stop everything after the report instead of serving until Ctrl-C
  --isolated          unique topics, groups and lake bucket, and ports moved by --port-offset
                      (tests; a developer's running main job is left alone)
  --port-offset <n>   added to every service port (default 0, or a free range with --isolated)
  -h, --help          this text

Logs: .stack/logs/main-job/<service>.log. Details: docs/main-job.md.`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function yesterday(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

const optionsSchema = z.object({
  venues: z
    .array(z.enum(VENUES))
    .min(1, 'name at least one venue')
    .refine((v) => new Set(v).size === v.length, 'a venue is named twice'),
  speed: z.number().positive().max(1000),
  playSeconds: z.number().int().min(5).max(3600),
  date: z
    .string()
    .regex(DAY, 'expected YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date'),
  keepRunning: z.boolean(),
  isolated: z.boolean(),
  portOffset: z.number().int().min(0).max(30_000).optional(),
  help: z.boolean(),
});

export type MainJobOptions = z.output<typeof optionsSchema>;

/** Parses argv (without node and script); throws with a message naming the bad option. */
export function parseOptions(argv: readonly string[], now = new Date()): MainJobOptions {
  const raw: Record<string, unknown> = {
    venues: [...RECORDED_VENUES],
    speed: 3,
    playSeconds: 60,
    date: yesterday(now),
    keepRunning: true,
    isolated: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[(i += 1)];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value (see --help)`);
      return v;
    };
    switch (flag) {
      case '--venues':
        raw.venues = value()
          .split(',')
          .map((v) => v.trim().toLowerCase())
          .filter(Boolean);
        break;
      case '--speed':
        raw.speed = Number(value().replace(/^x/, ''));
        break;
      case '--play':
        raw.playSeconds = Number(value());
        break;
      case '--date':
        raw.date = value();
        break;
      case '--exit':
      case '--no-keep-running':
        raw.keepRunning = false;
        break;
      case '--keep-running':
        raw.keepRunning = true;
        break;
      case '--isolated':
        raw.isolated = true;
        break;
      case '--port-offset':
        raw.portOffset = Number(value());
        break;
      case '-h':
      case '--help':
        raw.help = true;
        break;
      default:
        throw new Error(`Unknown option "${argv[i]}" (see --help)`);
    }
  }
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const flag =
        name === 'playSeconds'
          ? '--play'
          : `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return `${flag}: ${issue.message}`;
    });
    throw new Error(`Invalid options: ${issues.join('; ')}`);
  }
  return parsed.data;
}
