// `npm start`: the main job. Runs the whole pipeline on the bundled venue recordings and prints a
// report; then keeps serving until Ctrl-C (or stops, with --exit). See docs/main-job.md.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parsePrometheusText, sumOf } from '@tickline/domain';

import { AlertCollector } from './alert-collector';
import { ensureBuckets } from './buckets.util';
import { buildApps, migrateDatabase, outdatedApps } from './build.util';
import { ChildProcessSupervisor } from './child-process.supervisor';
import { awaitExports, listBucket, stackS3, type DeliveredRevision } from './export.step';
import { fetchJson, fetchText, sleep, waitFor } from './http.util';
import { removeIsolatedRun } from './isolated-run.cleanup';
import { HELP, parseOptions, type MainJobOptions } from './options';
import { freeOffset, takenPorts } from './ports.util';
import { Progress } from './progress.util';
import { dataSetsOf, publishDay, type PublishRun } from './publish.step';
import { ReplayControlClient } from './replay-control.client';
import { describeGaps, formatReport, gatherFigures, type MainJobReport } from './report';
import {
  DEFAULT_PORTS,
  planServices,
  runNames,
  serviceUrl,
  type ServiceName,
  type ServicePlan,
} from './service-plan';
import { withSchema } from './database-url.util';
import { stackUp } from './stack-env.util';
import { recordedMarkets, type VenueMarkets } from './subscriptions.util';

const REPO_ROOT = resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 180_000;
const PUBLISH_TIMEOUT_MS = 600_000;
const EXPORT_TIMEOUT_MS = 600_000;
const CAUGHT_UP_LAG = 1_000;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const progress = new Progress();

async function waitReady(plan: ServicePlan, supervisor: ChildProcessSupervisor): Promise<void> {
  await waitFor(
    `${plan.name} to be ready (log: ${supervisor.logFile(plan.name)})`,
    async () => ((await fetch(`http://127.0.0.1:${plan.port}/readyz`)).ok ? true : undefined),
    { timeoutMs: READY_TIMEOUT_MS, abort: () => supervisor.exitOf(plan.name) },
  );
}

async function messagesSoFar(urls: readonly string[]): Promise<number> {
  const texts = await Promise.all(urls.map((url) => fetchText(`${url}/metrics`).catch(() => '')));
  return texts.reduce(
    (sum, text) => sum + sumOf(parsePrometheusText(text), 'ingestor_messages_total'),
    0,
  );
}

/**
 * Waits (bounded) until the validator has read everything the ingestors published, so the
 * report's accepted counts and the cache's markets cover the whole replay.
 */
async function validatorCaughtUp(validatorUrl: string, timeoutMs: number): Promise<void> {
  progress.step('Waiting for the validator to catch up');
  try {
    await waitFor(
      'the validator to catch up',
      async () => {
        const lag = sumOf(
          parsePrometheusText(await fetchText(`${validatorUrl}/metrics`)),
          'validator_consumer_lag',
        );
        progress.update(`${lag} raw records behind`);
        // The replay keeps playing, so "caught up" means within a moment's worth of records.
        return lag < CAUGHT_UP_LAG ? true : undefined;
      },
      { timeoutMs, intervalMs: 1000 },
    );
    progress.end('caught up');
  } catch {
    progress.warn(`still behind after ${timeoutMs / 1000} s; the report shows what it has so far`);
  }
}

async function play(
  options: MainJobOptions,
  replay: ReplayControlClient,
  ingestorUrls: readonly string[],
  cacheUrl: string,
): Promise<void> {
  const began = Date.now();
  for (;;) {
    const elapsed = Math.floor((Date.now() - began) / 1000);
    if (elapsed >= options.playSeconds) break;
    const [messages, markets, positions] = await Promise.all([
      messagesSoFar(ingestorUrls),
      fetchJson<{ markets: unknown[] }>(`${cacheUrl}/v1/markets`).then(
        (b) => b.markets.length,
        () => 0,
      ),
      replay.positions().catch(() => []),
    ]);
    const loops = positions.map((p) => p.position.loop ?? 0);
    progress.update(
      `playing ${elapsed}/${options.playSeconds} s at x${options.speed}: ${messages} messages ingested, ${markets} markets in the cache, loop ${Math.max(0, ...loops)}`,
    );
    await sleep(1000);
  }
  progress.end(`played ${options.playSeconds} s of recordings at x${options.speed}`);
}

async function runPublish(
  plan: ServicePlan | undefined,
  date: string,
  venues: readonly string[],
): Promise<MainJobReport['publish']> {
  if (!plan?.available)
    return { unavailable: 'the publisher (apps/publisher) is not there yet', runs: [] };
  const publisherUrl = `http://127.0.0.1:${plan.port}`;
  try {
    const dataSets = await dataSetsOf(publisherUrl, venues);
    progress.step(`Publishing ${date}: ${dataSets.length} data sets of the publisher's mapping`);
    const runs = await publishDay(
      publisherUrl,
      date,
      dataSets,
      (current) => {
        const done = current.filter((r) =>
          ['SUCCEEDED', 'FAILED'].includes(r.status.toUpperCase()),
        ).length;
        const steps = [
          ...new Set(
            current.filter((r) => r.status.toUpperCase() === 'RUNNING').map((r) => r.step),
          ),
        ];
        progress.update(
          `${done}/${current.length} runs finished${steps.length ? `; running: ${steps.join(', ')}` : ''}`,
        );
      },
      PUBLISH_TIMEOUT_MS,
    );
    progress.end(
      `${runs.filter((r) => r.status.toUpperCase() === 'SUCCEEDED').length}/${runs.length} runs succeeded`,
    );
    return { runs };
  } catch (error) {
    progress.warn(`publishing failed: ${(error as Error).message}`);
    return { unavailable: `publishing failed: ${(error as Error).message}`, runs: [] };
  }
}

async function runExports(
  plan: ServicePlan | undefined,
  runs: readonly PublishRun[],
  stackEnv: Record<string, string>,
  since: Date,
): Promise<MainJobReport['exports']> {
  if (!plan?.available)
    return { unavailable: 'the exporter (apps/exporter) is not there yet', buckets: [] };
  const dataSets = runs.filter((r) => r.status === 'SUCCEEDED').map((r) => r.dataSet);
  if (dataSets.length === 0) return { unavailable: 'no revision was published', buckets: [] };
  progress.step(`Waiting for the exporter to deliver ${dataSets.length} revisions`);
  let delivered: DeliveredRevision[];
  try {
    delivered = await awaitExports(
      `http://127.0.0.1:${plan.port}`,
      dataSets,
      since,
      (done) => progress.update(`${done}/${dataSets.length} revisions exported`),
      EXPORT_TIMEOUT_MS,
    );
    progress.end(`${delivered.length} revisions exported`);
  } catch (error) {
    progress.warn(`exports did not finish: ${(error as Error).message}`);
    return { unavailable: `exports did not finish: ${(error as Error).message}`, buckets: [] };
  }
  const s3 = stackS3(stackEnv);
  const buckets = [...new Set(delivered.flatMap((r) => r.exports.map((e) => e.bucket)))];
  return {
    buckets: await Promise.all(
      buckets.map(async (bucket) => ({
        bucket,
        keys: (await listBucket(s3, bucket, since)).filter((key) =>
          isThisRunsExport(key, dataSets, since),
        ),
      })),
    ),
  };
}

/**
 * The default subscription exports every entitled data set, older revisions included, so only
 * keys of the published data sets whose revision (the key's first folder, ADX's default
 * `${Revision.CreatedAt}/`) was created during this run are reported.
 */
function isThisRunsExport(key: string, dataSets: readonly string[], since: Date): boolean {
  const revisionTime = Date.parse(key.split('/')[0] ?? '');
  return (
    dataSets.some((name) => key.includes(`products/${name}/`)) &&
    (Number.isNaN(revisionTime) || revisionTime >= since.getTime())
  );
}

function untilSignal(): Promise<void> {
  return new Promise((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal());
    process.once('SIGTERM', () => resolveSignal());
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const began = new Date();
  const runId = randomBytes(4).toString('hex');
  // Isolated runs (tests) keep their logs apart from a developer's running main job.
  const logDir = join(
    REPO_ROOT,
    process.env.TICKLINE_STACK_DIR ?? '.stack',
    'logs',
    'main-job',
    ...(options.isolated ? [runId] : []),
  );
  const supervisor = new ChildProcessSupervisor(logDir);
  // Run after the services stopped, in order: the alert reader, an isolated run's topics and bucket.
  const afterStop: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    progress.step('Stopping the services (SIGTERM, then SIGKILL after 20 s)');
    await supervisor.stopAll();
    for (const task of afterStop)
      await task().catch((error: Error) => progress.warn(error.message));
  };
  let reported = false;
  // A Ctrl-C at any point stops what was started; after the report it is the normal way out.
  void untilSignal().then(async () => {
    await shutdown();
    process.exit(reported ? 0 : 130);
  });
  try {
    const code = await run(options, {
      began,
      runId,
      logDir,
      supervisor,
      afterStop: (task) => afterStop.push(task),
      markReported: () => (reported = true),
    });
    await shutdown();
    return code;
  } catch (error) {
    await shutdown();
    throw error;
  }
}

interface RunContext {
  readonly began: Date;
  readonly runId: string;
  readonly logDir: string;
  readonly supervisor: ChildProcessSupervisor;
  readonly afterStop: (task: () => Promise<void>) => void;
  readonly markReported: () => void;
}

async function run(options: MainJobOptions, ctx: RunContext): Promise<number> {
  const { began, runId, logDir, supervisor } = ctx;
  progress.step('Starting the local stack (Kafka, PostgreSQL, MinIO, exchange-local)');
  const stackEnv = await stackUp(REPO_ROOT);
  const allPorts = Object.values(DEFAULT_PORTS);
  const portOffset = options.portOffset ?? (options.isolated ? await freeOffset(allPorts) : 0);
  const taken = await takenPorts(allPorts.map((p) => p + portOffset));
  if (taken.length > 0) {
    throw new Error(
      `Port(s) ${taken.join(', ')} are in use (another npm start still running?). Stop it, or use --port-offset.`,
    );
  }
  const markets: VenueMarkets[] = recordedMarkets(
    join(REPO_ROOT, 'apps', 'venue-replay', 'recordings'),
    options.venues,
  );
  const names = runNames(options, stackEnv.S3_BUCKET ?? 'tickline-lake', runId);
  if (options.isolated) {
    ctx.afterStop(() => removeIsolatedRun(stackEnv, stackS3(stackEnv), names));
  }
  await ensureBuckets(stackS3(stackEnv), [names.productBucket, names.subscriberBucket]);
  // The publisher's and exporter's tables live in the job's own schema of the stack's database.
  const databaseUrl = withSchema(stackEnv.DATABASE_URL, names.dbSchema);
  progress.step(`Applying database migrations (schema ${names.dbSchema})`);
  await migrateDatabase(REPO_ROOT, {
    ...process.env,
    ...stackEnv,
    DATABASE_URL: databaseUrl,
  }).catch((error: Error) =>
    progress.warn(
      `migrations failed; publishing and exports may not work: ${error.message.split('\n').slice(-3).join(' ')}`,
    ),
  );
  const plans = planServices({
    repoRoot: REPO_ROOT,
    options,
    stackEnv: { ...stackEnv, DATABASE_URL: databaseUrl },
    names,
    portOffset,
    markets,
  });
  const available = plans.filter((p) => p.available);
  const unavailable = plans.filter((p) => !p.available).map((p) => p.name);
  for (const name of unavailable)
    progress.warn(
      `${name} is unavailable: apps/${name}/src/main.ts does not exist yet; skipping it`,
    );

  const apps = [...new Set(available.map((p) => p.app))];
  const outdated = outdatedApps(REPO_ROOT, apps);
  if (outdated.length > 0) {
    progress.step(`Building ${outdated.join(', ')} (nx run-many -t build)`);
    await buildApps(REPO_ROOT, outdated);
  }

  progress.step(`Starting ${available.map((p) => p.name).join(', ')} (logs in ${logDir})`);
  // The validator creates the shared topics first: on a new broker, services creating one
  // topic at the same time fail at start (the first run on a fresh machine did).
  let readyCount = 0;
  for (const wave of [0, 1]) {
    const group = available.filter((p) => p.wave === wave);
    for (const p of group) supervisor.start(p.spec);
    await Promise.all(
      group.map(async (p) => {
        await waitReady(p, supervisor);
        readyCount += 1;
        progress.update(`${readyCount}/${available.length} ready (${p.name})`);
      }),
    );
  }
  const plan = (name: ServiceName) => plans.find((p) => p.name === name);
  const url = (name: ServiceName) => serviceUrl(name, portOffset);

  progress.end(`${available.length} services ready`);

  const collector = new AlertCollector(
    stackEnv.KAFKA_BROKERS.split(','),
    names.alertTopic,
    `${names.group}.report.${runId}`,
  );
  ctx.afterStop(() => collector.stop());
  await collector.start();
  const replay = new ReplayControlClient(url('venue-replay'));
  progress.step(
    `Waiting for both ingestors to subscribe to ${markets.reduce((n, m) => n + m.symbols.length, 0)} markets on ${options.venues.join(', ')}`,
  );
  const notSubscribed = await replay.waitSubscribed(markets, ['primary', 'replica'], 60_000);
  if (notSubscribed.length > 0)
    progress.warn(`still subscribing: ${notSubscribed.join(', ')}; starting anyway`);
  for (const m of markets) await replay.start(m.venue);
  progress.step(`Replaying ${options.venues.join(', ')} shifted to ${options.date}`);
  await play(options, replay, [url('ingestor-primary'), url('ingestor-replica')], url('cache'));

  const publish = await runPublish(plan('publisher'), options.date, options.venues);
  const exports = await runExports(plan('exporter'), publish.runs, stackEnv, began);
  await validatorCaughtUp(url('validator'), 120_000);
  const figures = await gatherFigures({
    cacheUrl: url('cache'),
    primaryUrl: url('ingestor-primary'),
    replicaUrl: url('ingestor-replica'),
    validatorUrl: url('validator'),
    venues: options.venues,
  });
  const consolePlan = plan('console');
  const report: MainJobReport = {
    date: options.date,
    ...figures,
    gaps: describeGaps(collector.alerts),
    publish,
    exports,
    consoleUrl: consolePlan?.available ? `http://127.0.0.1:${consolePlan.port}/` : undefined,
    unavailable,
  };
  writeFileSync(join(logDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(formatReport(report));
  process.stdout.write(
    `(report as JSON: ${join(logDir, 'report.json')}; took ${Math.round((Date.now() - began.getTime()) / 1000)} s)\n`,
  );
  ctx.markReported();

  if (options.keepRunning) {
    const crashed = supervisor.anyExited();
    if (crashed) progress.warn(crashed);
    process.stdout.write(
      `\nServing until Ctrl-C${report.consoleUrl ? `: open ${report.consoleUrl}` : ''} (the recordings keep looping).\n`,
    );
    await new Promise(() => undefined); // the signal handler stops everything and exits
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(
      `\nmain job: error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
