// What the main job runs: every service with its port and environment. Services whose app has
// not been written yet (no apps/<name>/src/main.ts) are left out and reported as unavailable.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { ChildSpec } from './child-process.supervisor';
import type { MainJobOptions } from './options';
import { subscriptionDocument, type VenueMarkets } from './subscriptions.util';

export const DEFAULT_PORTS = {
  validator: 3200,
  'ingestor-primary': 3300,
  'ingestor-replica': 3301,
  'venue-replay': 3400,
  cache: 3500,
  publisher: 3600,
  exporter: 3700,
  console: 3800,
} as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;

const CACHE_GRPC_PORT = 50051;

/** Names of what the job writes to, unique per run with --isolated. */
export interface RunNames {
  readonly rawTopic: string;
  readonly validTopic: string;
  readonly alertTopic: string;
  readonly deadLetterTopic: string;
  readonly snapshotTopic: string;
  readonly group: string;
  readonly lakeBucket: string;
  /** Where the publisher writes the day's files, and where the exporter delivers them. */
  readonly productBucket: string;
  readonly subscriberBucket: string;
  /** PostgreSQL schema of the publisher's and exporter's tables. */
  readonly dbSchema: string;
}

export function runNames(options: MainJobOptions, stackBucket: string, runId: string): RunNames {
  const prefix = options.isolated ? `mj-${runId}.` : '';
  return {
    rawTopic: `${prefix}md.events.raw.v1`,
    validTopic: `${prefix}md.events.valid.v1`,
    alertTopic: `${prefix}md.alerts.v1`,
    deadLetterTopic: `${prefix}md.events.dlq.v1`,
    snapshotTopic: `${prefix}md.cache.snapshots.v1`,
    group: options.isolated ? `mj-${runId}` : 'main-job',
    lakeBucket: options.isolated ? `tickline-lake-mj-${runId}` : stackBucket,
    productBucket: options.isolated ? `tickline-products-mj-${runId}` : 'tickline-products',
    subscriberBucket: options.isolated ? `tickline-subscriber-mj-${runId}` : 'tickline-subscriber',
    dbSchema: options.isolated ? `main_job_${runId}` : 'main_job',
  };
}

export interface ServicePlan {
  readonly name: ServiceName;
  readonly app: string;
  readonly port: number;
  readonly available: boolean;
  /** Start wave: 0 before 1 (the validator creates the topics the others share). */
  readonly wave: 0 | 1;
  readonly spec: ChildSpec;
}

export interface PlanContext {
  readonly repoRoot: string;
  readonly options: MainJobOptions;
  readonly stackEnv: Record<string, string>;
  readonly names: RunNames;
  readonly portOffset: number;
  readonly markets: readonly VenueMarkets[];
}

export function servicePort(name: ServiceName, offset: number): number {
  return DEFAULT_PORTS[name] + offset;
}

export function serviceUrl(name: ServiceName, offset: number): string {
  return `http://127.0.0.1:${servicePort(name, offset)}`;
}

/** The services in start order: producers before their consumers. */
export function planServices(ctx: PlanContext): ServicePlan[] {
  const { names, portOffset: offset, options } = ctx;
  const replayHostPort = `127.0.0.1:${servicePort('venue-replay', offset)}`;
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...ctx.stackEnv,
  };
  const ingestor = (system: 'primary' | 'replica'): [ServiceName, string, NodeJS.ProcessEnv] => [
    `ingestor-${system}`,
    'ingestor',
    {
      INGESTOR_ID: `ingestor-${system}-0`,
      INGESTOR_SYSTEM: system,
      INGESTOR_SUBSCRIPTIONS: JSON.stringify(
        subscriptionDocument(ctx.markets, replayHostPort, system),
      ),
      INGESTOR_RAW_TOPIC: names.rawTopic,
      INGESTOR_ALERT_TOPIC: names.alertTopic,
      INGESTOR_LAKE_BUCKET: names.lakeBucket,
      // Recorded data is a day old: windows close on the market's own clock, never on idleness.
      INGESTOR_LAKE_IDLE_CLOSE_AFTER: '0',
    },
  ];
  const entries: [ServiceName, string, NodeJS.ProcessEnv][] = [
    [
      'venue-replay',
      'venue-replay',
      {
        REPLAY_VENUES: options.venues.join(','),
        REPLAY_SPEED: String(options.speed),
        REPLAY_TIME_SHIFT: options.date,
        REPLAY_LOOP: 'true',
        // Both ingestors subscribe first; the job then starts every venue, so they see the same frames.
        REPLAY_START: 'manual',
      },
    ],
    ingestor('primary'),
    ingestor('replica'),
    [
      'validator',
      'validator',
      {
        VALIDATOR_RAW_TOPIC: names.rawTopic,
        VALIDATOR_VALID_TOPIC: names.validTopic,
        VALIDATOR_ALERTS_TOPIC: names.alertTopic,
        VALIDATOR_DEAD_LETTER_TOPIC: names.deadLetterTopic,
        VALIDATOR_GROUP_ID: `${names.group}.validator`,
        // Exchange times are shifted into yesterday: the age rule would reject every event.
        VALIDATOR_MAX_EVENT_AGE: '0',
      },
    ],
    [
      'cache',
      'cache',
      {
        CACHE_VALID_TOPIC: names.validTopic,
        CACHE_SNAPSHOT_TOPIC: names.snapshotTopic,
        CACHE_GROUP_PREFIX: `${names.group}.cache`,
        CACHE_INSTANCE_ID: 'main-job',
        GRPC_HOST: '127.0.0.1',
        // Moved runs (tests) let the system pick: nothing in the job speaks gRPC.
        GRPC_PORT: String(offset === 0 ? CACHE_GRPC_PORT : 0),
      },
    ],
    [
      'publisher',
      'publisher',
      {
        PUBLISHER_LAKE_BUCKET: names.lakeBucket,
        PUBLISHER_PRODUCT_BUCKET: names.productBucket,
        PUBLISHER_ALERTS_TOPIC: names.alertTopic,
        // The job publishes the day itself, over REST.
        PUBLISHER_SCHEDULE_ENABLED: 'false',
        PUBLISHER_UPLOADS_ENABLED: 'false',
        HOSTNAME: 'main-job-publisher',
      },
    ],
    [
      'exporter',
      'exporter',
      {
        EXPORTER_GROUP_ID: `${names.group}.exporter`,
        // The exporter's default subscription (every entitled data set), to the job's bucket.
        EXPORTER_SUBSCRIPTIONS: JSON.stringify({
          subscriptions: [{ name: 'all-entitled', dataSet: '*', bucket: names.subscriberBucket }],
        }),
        EXPORTER_ALERTS_TOPIC: names.alertTopic,
        EXPORTER_RECONCILE_INTERVAL: '5s',
      },
    ],
    [
      'console',
      'console',
      {
        CONSOLE_CACHE_URL: serviceUrl('cache', offset),
        CONSOLE_PUBLISHER_URL: serviceUrl('publisher', offset),
        CONSOLE_EXPORTER_URL: serviceUrl('exporter', offset),
        CONSOLE_METRICS_URLS: (
          ['ingestor-primary', 'ingestor-replica', 'validator', 'cache'] as const
        )
          .map((name) => `${name}=${serviceUrl(name, offset)}/metrics`)
          .join(','),
        CONSOLE_ALERTS_TOPIC: names.alertTopic,
        CONSOLE_GROUP_PREFIX: `${names.group}.console`,
      },
    ],
  ];
  return entries.map(([name, app, env]) => ({
    name,
    app,
    port: servicePort(name, offset),
    available: existsSync(join(ctx.repoRoot, 'apps', app, 'src', 'main.ts')),
    wave: name === 'validator' || name === 'venue-replay' ? 0 : 1,
    spec: {
      name,
      command: process.execPath,
      args: [join('dist', 'main.js')],
      cwd: join(ctx.repoRoot, 'apps', app),
      env: { ...base, ...env, SERVICE_NAME: app, PORT: String(servicePort(name, offset)) },
    },
  }));
}
