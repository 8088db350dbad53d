import { randomBytes } from 'node:crypto';

import type { S3Client } from '@aws-sdk/client-s3';

import type { Alert, Envelope } from '@tickline/domain';
import { L2Book } from '@tickline/venues';
import {
  createBucket,
  deleteBucket,
  metricValue,
  ReplayServer,
  stackS3Client,
  startIngestorReplica,
  stopAll,
  until,
  type ServiceProcess,
} from '@tickline/testing';
import { Kafka, logLevel } from 'kafkajs';

import {
  E2E_VENUES,
  levels,
  MARKETS,
  neutralLine,
  advance,
  playFor,
  readAlerts,
  readEnvelopes,
  readLake,
  streamsPerReplica,
  subscriptionsFor,
  windowId,
  windowOf,
  type LakeObject,
} from './support/e2e-run';

jest.setTimeout(600_000);

const runId = `e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
/** The day the recordings are replayed into (as the publisher's tests do). */
const DAY = '2026-03-02';
/** Exchange time played per run: several whole minutes per stream. */
const PLAY_SECONDS = 270;

const REPLICA_ENV = {
  // The recordings are replayed into the past: idle windows close by their own clock only.
  INGESTOR_LAKE_IDLE_CLOSE_AFTER: '0',
  INGESTOR_RECONNECT_INITIAL: '200ms',
  INGESTOR_RECONNECT_MAX: '2s',
  // One bad-frame alert per reason for the whole run.
  INGESTOR_ALERT_BURST_WINDOW: '10m',
  INGESTOR_KAFKA_LINGER: '5ms',
};

interface Run {
  bucket: string;
  topic: string;
  alertTopic: string;
}

function newRun(name: string): Run {
  const base = `${runId}-${name}`;
  return { bucket: base.toLowerCase(), topic: `${base}.raw`, alertTopic: `${base}.alerts` };
}

/** Stops the run's processes and deletes its bucket and topics. */
async function removeRun(
  run: Run,
  s3: S3Client,
  processes: readonly (ServiceProcess | ReplayServer | undefined)[],
): Promise<void> {
  await stopAll(processes);
  await deleteBucket(s3, run.bucket).catch(() => undefined);
  s3.destroy();
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [run.topic, run.alertTopic] }).catch(() => undefined);
  await admin.disconnect();
}

function replica(run: Run, replay: ReplayServer, id: string): Promise<ServiceProcess> {
  return startIngestorReplica({
    id,
    system: 'primary',
    subscriptions: subscriptionsFor(replay, id),
    rawTopic: run.topic,
    alertTopic: run.alertTopic,
    lakeBucket: run.bucket,
    env: REPLICA_ENV,
    // E2E_LOGS=1 shows the replicas' logs.
    inheritStderr: Boolean(process.env['E2E_LOGS']),
  });
}

async function waitForSubscriptions(replay: ReplayServer, replicas: number): Promise<void> {
  for (const venue of E2E_VENUES) {
    await replay.waitForSubscriptions(venue, streamsPerReplica(venue) * replicas);
  }
}

/** Lake writes so far: canonical and partial windows written plus dedup hits. */
async function lakeActivity(process: ServiceProcess): Promise<number> {
  const text = await process.metricsText();
  return (
    metricValue(text, 'ingestor_lake_windows_written_total') +
    metricValue(text, 'ingestor_lake_dedup_hits_total')
  );
}

/** Waits until the replicas have written everything their streams' clocks closed. */
async function waitForQuietLake(processes: readonly ServiceProcess[]): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  await until(
    'the lake writers to settle',
    async () => {
      const now = (await Promise.all(processes.map(lakeActivity))).reduce((a, b) => a + b, 0);
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince > 3_000;
    },
    120_000,
  );
}

function canonicalOf(objects: readonly LakeObject[]): Map<string, LakeObject> {
  return new Map(
    objects.filter((o) => !o.parts.partial).map((o) => [windowId(o.parts), o] as const),
  );
}

function partialsOf(objects: readonly LakeObject[], ingesterId: string): Map<string, LakeObject> {
  return new Map(
    objects
      .filter((o) => o.parts.partial?.ingesterId === ingesterId)
      .map((o) => [windowId(o.parts), o] as const),
  );
}

/** Replica-neutral lines of the envelopes one replica received, by window. */
function linesByWindow(
  envelopes: readonly Envelope[],
  ingesterId: string,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const event of envelopes) {
    if (event.ingesterId !== ingesterId) continue;
    const id = windowOf(event);
    let set = out.get(id);
    if (!set) out.set(id, (set = new Set()));
    set.add(neutralLine(event));
  }
  return out;
}

/**
 * The book at the end of the lake, rebuilt from the lake alone: the last snapshot of the market,
 * then every diff after it (by sequence id where the venue has one, else exchange time).
 */
function rebuildFromLake(objects: readonly LakeObject[], venue: string, market: string): L2Book {
  const ofType = (type: string) =>
    objects
      .filter((o) => o.parts.venue === venue && o.parts.market === market && o.parts.type === type)
      .sort((x, y) => x.parts.windowStartUs - y.parts.windowStartUs)
      .flatMap((o) => o.events);
  const snapshots = ofType('book_snapshot');
  const snapshot = snapshots.at(-1);
  if (!snapshot || snapshot.type !== 'book_snapshot')
    throw new Error(`No ${venue} ${market} snapshot`);
  const position = (e: { seqId?: number; lastUpdateId?: number; exchangeTimeUs: number }) =>
    e.seqId ?? e.lastUpdateId;
  const book = new L2Book();
  book.replace(snapshot.payload.bids, snapshot.payload.asks);
  const at = position(snapshot);
  for (const delta of ofType('book_delta')) {
    if (delta.type !== 'book_delta') continue;
    const p = position(delta);
    const after =
      at !== undefined && p !== undefined ? p > at : delta.exchangeTimeUs > snapshot.exchangeTimeUs;
    if (after) book.update(delta.payload.bids, delta.payload.asks);
  }
  return book;
}

const BOOK_STREAMS: Record<string, (symbol: string) => string> = {
  binance: (symbol) => `${symbol.toLowerCase()}@depth@100ms`,
  kraken: (symbol) => `book-1000:${symbol}`,
  okx: (symbol) => `books:${symbol}`,
};

describe('two ingestor replicas against the venue replay server, faults in one (real Kafka and MinIO)', () => {
  const s3 = stackS3Client();
  const run = newRun('faults');
  const A = `${runId}-a`.slice(-40);
  const B = `${runId}-b`.slice(-40);
  let replay: ReplayServer | undefined;
  let a: ServiceProcess | undefined;
  let b: ServiceProcess | undefined;
  const metricsOf: Record<string, string> = {};
  const replayBooks = new Map<string, { bids: string[]; asks: string[] }>();
  let objects: LakeObject[] = [];
  /** The lake while both replicas still ran (every window their clocks closed), with the metrics. */
  let objectsRunning: LakeObject[] = [];
  let faultsFired = '';
  let envelopes: Envelope[] = [];
  let alerts: Alert[] = [];

  beforeAll(async () => {
    await createBucket(s3, run.bucket);
    replay = await ReplayServer.start({
      venues: E2E_VENUES,
      start: 'manual',
      speed: 10,
      loop: true,
      timeShift: DAY,
      faults: [
        // A sequence gap in one OKX book, well after the sync (B resubscribes for a new snapshot).
        {
          match: { venue: 'okx', tag: B },
          fault: { type: 'drop', count: 2, after: 150, stream: 'books:BTC-USDT' },
        },
        // Kraken: the connection drops mid-run (B reconnects, resubscribes, resyncs everything).
        {
          match: { venue: 'kraken', tag: B },
          fault: { type: 'disconnect', mode: 'terminate', after: 6000 },
          // Once: the connection B opens again plays clean.
          limit: 1,
        },
        // OKX: bursts of bad frames (nothing lost: they come on top of the real ones).
        {
          match: { venue: 'okx', tag: B },
          fault: { type: 'garbage', count: 3, variant: 'text', after: 40 },
        },
        {
          match: { venue: 'okx', tag: B },
          fault: { type: 'garbage', count: 2, variant: 'non-finite', after: 80 },
        },
        {
          match: { venue: 'okx', tag: B },
          fault: { type: 'garbage', count: 2, variant: 'unknown-field', after: 120 },
        },
      ],
    });
    [a, b] = await Promise.all([replica(run, replay, A), replica(run, replay, B)]);
    await waitForSubscriptions(replay, 2);
    await playFor(replay, PLAY_SECONDS);
    await waitForQuietLake([a, b]);
    objectsRunning = await readLake(s3, run.bucket);
    metricsOf[A] = await a.metricsText();
    metricsOf[B] = await b.metricsText();
    faultsFired = JSON.stringify(
      (await replay.connections()).map((c) => [c.venue, c.tag?.slice(-1), c.faults]),
    );
    for (const venue of E2E_VENUES) {
      for (const symbol of MARKETS[venue]) {
        const stream = BOOK_STREAMS[venue]?.(symbol) ?? '';
        const book = await replay.book(venue, stream, 10);
        replayBooks.set(`${venue}/${symbol}`, { bids: levels(book.bids), asks: levels(book.asks) });
      }
    }
    // SIGTERM: each replica flushes its open windows (as partial, ended early).
    await stopAll([a, b]);
    objects = await readLake(s3, run.bucket);
    envelopes = await readEnvelopes(brokers, run.topic);
    alerts = await readAlerts(brokers, run.alertTopic);
  });

  afterAll(() => removeRun(run, s3, [a, b, replay]));

  const metric = async (id: string, name: string, labels: Record<string, string> = {}) =>
    Promise.resolve(metricValue(metricsOf[id] ?? '', name, labels));

  it('the clean replica saw no gap, resync, reconnect, bad frame or late event; the faults hit the other', async () => {
    expect(await metric(A, 'ingestor_gaps_total')).toBe(0);
    expect(await metric(A, 'ingestor_resyncs_total')).toBe(0);
    expect(await metric(A, 'ingestor_reconnects_total')).toBe(0);
    expect(await metric(A, 'ingestor_frames_bad_total')).toBe(0);
    expect(await metric(A, 'ingestor_lake_events_not_batched_total')).toBe(0);
    // The dropped OKX diffs break the sequence (or, first, the checksum): B resyncs that book.
    expect({
      resyncs: await metric(B, 'ingestor_resyncs_total', { venue: 'okx' }),
      faultsFired,
    }).toEqual({ resyncs: 1, faultsFired });
    expect(
      await metric(B, 'ingestor_reconnects_total', { venue: 'kraken' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metric(B, 'ingestor_lake_events_not_batched_total')).toBe(0);
    expect(await metric(A, 'ingestor_lake_divergences_total')).toBe(0);
    expect(await metric(B, 'ingestor_lake_divergences_total')).toBe(0);
    expect(await metric(A, 'ingestor_lake_write_failures_total')).toBe(0);
    expect(await metric(B, 'ingestor_lake_write_failures_total')).toBe(0);
  });

  it('writes every window both replicas saw whole once; the second replica counts a dedup hit', async () => {
    const canonical = canonicalOf(objectsRunning);
    const partialA = partialsOf(objectsRunning, A);
    const partialB = partialsOf(objectsRunning, B);
    expect(canonical.size).toBeGreaterThan(0);
    const bothWhole = [...canonical.keys()].filter((id) => !partialA.has(id) && !partialB.has(id));
    // Every venue and every type has windows both replicas saw whole. (Which of a venue's types
    // do depends on where the faults fell and how far each replica lagged on a loaded machine;
    // Binance books in particular are proven only once the REST snapshot is caught up with.)
    const count = (prefix: string) => ({
      bothWhole: bothWhole.filter((id) => id.includes(prefix)).length > 0,
      canonical: [...canonical.keys()].filter((id) => id.includes(prefix)).length,
      partialA: [...partialA.keys()].filter((id) => id.includes(prefix)).length,
      partialB: [...partialB.keys()].filter((id) => id.includes(prefix)).length,
    });
    const groups = [
      ...E2E_VENUES.map((v) => `${v}/`),
      '/trade/',
      '/book_delta/',
      '/book_snapshot/',
    ];
    const seen = Object.fromEntries(groups.map((g) => [g, count(g)]));
    // On failure the counts say where the whole windows went missing.
    expect(groups.every((g) => seen[g]?.bothWhole) ? 'every group' : JSON.stringify(seen)).toBe(
      'every group',
    );
    const writtenCanonical =
      (await metric(A, 'ingestor_lake_windows_written_total', { kind: 'canonical' })) +
      (await metric(B, 'ingestor_lake_windows_written_total', { kind: 'canonical' }));
    const dedupHits =
      (await metric(A, 'ingestor_lake_dedup_hits_total')) +
      (await metric(B, 'ingestor_lake_dedup_hits_total'));
    expect(writtenCanonical).toBe(canonical.size);
    // Windows the slower replica had not closed yet when the lake was read have no hit yet.
    expect(dedupHits).toBeGreaterThan(0);
    expect(dedupHits).toBeLessThanOrEqual(bothWhole.length);
    expect(
      (await metric(A, 'ingestor_lake_dedup_hits_total', { verification: 'identical' })) +
        (await metric(B, 'ingestor_lake_dedup_hits_total', { verification: 'identical' })),
    ).toBe(dedupHits);
  });

  it('holds no canonical window missing a message the clean replica received, and nothing extra', () => {
    const received = linesByWindow(envelopes, A);
    const canonical = canonicalOf(objects);
    const partialA = partialsOf(objects, A);
    let compared = 0;
    for (const [id, object] of canonical) {
      const expected = received.get(id);
      if (!expected || partialA.has(id)) continue;
      expect({ id, lines: [...new Set(object.lines)].sort() }).toEqual({
        id,
        lines: [...expected].sort(),
      });
      compared += 1;
    }
    expect(compared).toBeGreaterThan(20);
    // Every window of A's stream is in the lake, canonical or A's partial.
    for (const id of received.keys()) expect(canonical.has(id) || partialA.has(id)).toBe(true);
  });

  it("marks the faulty replica's affected windows partial, alerted with ranges that cover every missing message", () => {
    const canonical = canonicalOf(objects);
    const partialB = partialsOf(objects, B);
    const partialAlerts = alerts.filter((x) => x.kind === 'partial_window' && x.instance === B);
    const alertByKey = new Map(partialAlerts.map((x) => [String(x.detail.lakeKey), x]));
    // Every partial object has its alert.
    for (const object of partialB.values()) expect(alertByKey.has(object.key)).toBe(true);
    // The Binance gap and the Kraken reconnect made partial windows that are not the first ones.
    const gapWindows = [...partialB.values()].filter((o) =>
      String(alertByKey.get(o.key)?.detail.reason ?? '').includes('gap'),
    );
    expect(gapWindows.some((o) => o.parts.venue === 'okx' && o.parts.market === 'BTC-USDT')).toBe(
      true,
    );
    expect(gapWindows.some((o) => o.parts.venue === 'kraken')).toBe(true);
    let checked = 0;
    for (const [id, object] of partialB) {
      const whole = canonical.get(id);
      if (!whole) continue;
      const have = new Set(object.lines);
      const missing = whole.events.filter((_, i) => !have.has(whole.lines[i] ?? ''));
      const alert = alertByKey.get(object.key);
      const ranges = String(alert?.detail.missingRanges ?? '')
        .split(',')
        .filter((r) => r)
        .map((r) => r.split('..').map(Number) as [number, number]);
      expect(ranges.length).toBeGreaterThan(0);
      for (const event of missing) {
        const inside = ranges.some(
          ([from, to]) => event.exchangeTimeUs >= from && event.exchangeTimeUs <= to,
        );
        if (!inside)
          throw new Error(`${object.key}: missing ${event.exchangeTimeUs} outside ${ranges}`);
      }
      checked += missing.length > 0 ? 1 : 0;
    }
    expect(checked).toBeGreaterThan(0);
    const broken = alerts.find(
      (x) => (x.kind === 'gap' || x.kind === 'checksum_mismatch') && x.instance === B,
    );
    expect(broken).toMatchObject({ venue: 'okx', symbol: 'BTC-USDT', severity: 'critical' });
    expect(alerts.some((x) => x.kind === 'resync' && x.instance === B)).toBe(true);
  });

  it('counts bad frames, alerts each kind once for the burst, and keeps ingesting', async () => {
    expect(await metric(B, 'ingestor_frames_bad_total', { venue: 'okx' })).toBeGreaterThanOrEqual(
      3,
    );
    const bad = alerts.filter((x) => x.kind === 'schema_error' && x.instance === B);
    const reasons = bad.map((x) => String(x.detail.reason));
    expect(new Set(reasons).size).toBe(reasons.length);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.length).toBeLessThanOrEqual(3);
    expect(await metric(B, 'ingestor_messages_total', { venue: 'okx', type: 'trade' })).toBe(
      await metric(A, 'ingestor_messages_total', { venue: 'okx', type: 'trade' }),
    );
  });

  it("rebuilds every book from the lake alone (snapshots + diffs) equal to the replay's at the checkpoint", () => {
    const lakeOfA = objects.filter((o) => !o.parts.partial || o.parts.partial.ingesterId === A);
    for (const venue of E2E_VENUES) {
      for (const symbol of MARKETS[venue]) {
        const market = envelopes.find((e) => e.venue === venue && e.symbol === symbol)?.market;
        if (!market) throw new Error(`No ${venue} ${symbol} envelope`);
        const book = rebuildFromLake(lakeOfA, venue, market);
        expect({
          venue,
          symbol,
          bids: levels(book.bids.top(10)),
          asks: levels(book.asks.top(10)),
        }).toEqual({ venue, symbol, ...replayBooks.get(`${venue}/${symbol}`) });
      }
    }
  });
});

describe('kill -9 of one ingestor replica mid-run, then its restart (real Kafka and MinIO)', () => {
  const s3 = stackS3Client();
  const run = newRun('kill');
  const A = `${runId}-ka`.slice(-40);
  const B = `${runId}-kb`.slice(-40);
  let replay: ReplayServer | undefined;
  let a: ServiceProcess | undefined;
  let b: ServiceProcess | undefined;
  let objects: LakeObject[] = [];
  let envelopes: Envelope[] = [];
  let metricsB = '';
  let killedAtUs = 0;

  beforeAll(async () => {
    await createBucket(s3, run.bucket);
    replay = await ReplayServer.start({
      venues: E2E_VENUES,
      start: 'manual',
      speed: 10,
      loop: true,
      timeShift: DAY,
    });
    [a, b] = await Promise.all([replica(run, replay, A), replica(run, replay, B)]);
    await waitForSubscriptions(replay, 2);
    for (const venue of E2E_VENUES) await replay.control(venue, 'start');
    await advance(replay, 100);
    killedAtUs = Date.parse((await replay.status('kraken')).position.exchangeTime ?? '') * 1000;
    await b.kill();
    await advance(replay, 60);
    await b.restart();
    await advance(replay, 150);
    for (const venue of E2E_VENUES) await replay.control(venue, 'pause');
    await waitForQuietLake([a, b]);
    metricsB = await b.metricsText();
    await stopAll([a, b]);
    objects = await readLake(s3, run.bucket);
    envelopes = await readEnvelopes(brokers, run.topic);
  });

  afterAll(() => removeRun(run, s3, [a, b, replay]));

  it('keeps the lake complete through the other replica: every window it saw is stored, whole ones canonically', () => {
    const received = linesByWindow(envelopes, A);
    const canonical = canonicalOf(objects);
    const partialA = partialsOf(objects, A);
    for (const id of received.keys()) expect(canonical.has(id) || partialA.has(id)).toBe(true);
    // Windows around the kill are canonical all the same (A saw them whole).
    const aroundKill = [...canonical.values()].filter(
      (o) =>
        o.parts.windowStartUs <= killedAtUs &&
        killedAtUs < o.parts.windowStartUs + 60_000_000 &&
        o.parts.type === 'book_delta',
    );
    expect(aroundKill.length).toBeGreaterThan(0);
  });

  it('never has a partial window under a canonical key: every canonical window holds every message', () => {
    const received = linesByWindow(envelopes, A);
    const receivedB = linesByWindow(envelopes, B);
    let compared = 0;
    for (const [id, object] of canonicalOf(objects)) {
      const expected = received.get(id);
      if (!expected || partialsOf(objects, A).has(id)) continue;
      const lines = new Set(object.lines);
      expect({ id, lines: [...lines].sort() }).toEqual({ id, lines: [...expected].sort() });
      // Whatever trades and diffs the restarted replica received for a canonical window are in
      // it too (its own book snapshots are not: they go to its partial windows).
      if (!id.includes('/book_snapshot/')) {
        for (const line of receivedB.get(id) ?? []) expect(lines.has(line)).toBe(true);
      }
      compared += 1;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('the restarted replica starts partial, then takes part again (dedup hits or canonical writes)', () => {
    const partialB = [...partialsOf(objects, B).values()];
    // Its first windows after the restart are its own partial ones.
    expect(partialB.some((o) => o.parts.windowStartUs > killedAtUs)).toBe(true);
    const whole =
      metricValue(metricsB, 'ingestor_lake_dedup_hits_total') +
      metricValue(metricsB, 'ingestor_lake_windows_written_total', { kind: 'canonical' });
    expect(whole).toBeGreaterThan(0);
    expect(metricValue(metricsB, 'ingestor_lake_divergences_total')).toBe(0);
  });
});
