// The acceptance run: the venue replay server plays OKX trades shifted into day D to a primary
// and a replica ingester (each with its own injected connection drop, so each system misses
// different stretches); the publisher publishes D; the CSV equals an independent union, dedupe
// and sort over the lake, the manifest's "neither" minutes are exactly those no system covered,
// and the subscriber reads the finalized revision through the AWS SDK.
import { gunzipSync } from 'node:zlib';

import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parseLakeKey, type ReplicaNeutralEnvelope } from '@tickline/domain';
import { collectLakeObject } from '@tickline/lake';
import { parseDayManifest, productCsvKey, productManifestKey } from '@tickline/publishing';
import {
  freePort,
  ReplayServer,
  requireEnv,
  startIngestorReplica,
  stopAll,
  until,
  type ServiceProcess,
} from '@tickline/testing';
import { Kafka, logLevel } from 'kafkajs';

import { dayStartUs, MINUTE_US, naiveCsvRows, neitherMinutes } from './support/lake-day.fixture';
import {
  createTestbed,
  eventually,
  exportRevision,
  findDataSet,
  PublisherProcess,
  revisionsOf,
  type Testbed,
} from './support/publisher-testbed';

jest.setTimeout(600_000);

const DAY = '2026-03-02';
const SYMBOLS = ['BTC-USD-220527', 'UNI-USD-SWAP', 'BTC-USDT'];
const PLAY_SECONDS = 300;

/** Every lake object of the bucket, decoded (all must decode cleanly). */
async function readLakeTrades(testbed: Testbed) {
  const objects: {
    key: string;
    system: string;
    market: string;
    minute: number;
    events: readonly ReplicaNeutralEnvelope[];
  }[] = [];
  let token: string | undefined;
  do {
    const page = await testbed.s3.send(
      new ListObjectsV2Command({ Bucket: testbed.lakeBucket, ContinuationToken: token }),
    );
    for (const { Key } of page.Contents ?? []) {
      if (!Key) continue;
      const parts = parseLakeKey(Key);
      const { events, issues } = await collectLakeObject(testbed.s3, testbed.lakeBucket, Key);
      if (issues.length > 0) throw new Error(`${Key}: ${JSON.stringify(issues)}`);
      objects.push({
        key: Key,
        system: parts.system,
        market: parts.market,
        minute: (parts.windowStartUs - dayStartUs(DAY)) / MINUTE_US,
        events,
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

describe('acceptance: replay -> primary and replica ingesters with faults -> lake -> publisher -> subscriber', () => {
  let testbed: Testbed;
  let replay: ReplayServer | undefined;
  let primary: ServiceProcess | undefined;
  let replica: ServiceProcess | undefined;
  let publisher: PublisherProcess | undefined;
  const topics: string[] = [];

  beforeAll(async () => {
    testbed = await createTestbed(['okx-trades'], { venue: 'okx', type: 'trade' });
    replay = await ReplayServer.start({
      venues: ['okx'],
      start: 'manual',
      speed: 20,
      loop: true,
      timeShift: DAY,
      faults: [
        // Each system loses its connection at a different point: different gaps per system.
        {
          match: { venue: 'okx', tag: 'primary' },
          fault: { type: 'disconnect', mode: 'terminate', after: 150 },
        },
        {
          match: { venue: 'okx', tag: 'replica' },
          fault: { type: 'disconnect', mode: 'terminate', after: 900 },
        },
      ],
    });
    const started = (system: 'primary' | 'replica') => {
      const base = `${testbed.id}-${system}`;
      topics.push(`${base}.raw`, `${base}.alerts`);
      return startIngestorReplica({
        id: `${system}-${testbed.id}`.slice(0, 40),
        system,
        subscriptions: {
          venues: [
            {
              venue: 'okx',
              options: replay?.venueOptions('okx', system),
              symbols: SYMBOLS,
              types: ['trade'],
            },
          ],
        },
        rawTopic: `${base}.raw`,
        alertTopic: `${base}.alerts`,
        lakeBucket: testbed.lakeBucket,
        env: {
          INGESTOR_LAKE_IDLE_CLOSE_AFTER: '0',
          // A long outage: each drop costs its system tens of seconds of exchange time.
          INGESTOR_RECONNECT_INITIAL: '2s',
          INGESTOR_RECONNECT_MAX: '3s',
        },
      });
    };
    [primary, replica] = await Promise.all([started('primary'), started('replica')]);
    await until(
      'both ingesters to subscribe',
      async () => ((await replay?.status('okx'))?.subscriptions ?? 0) >= 2 * SYMBOLS.length,
      60_000,
    );
    await replay.control('okx', 'start');
    const first = Date.parse((await replay.status('okx')).position.exchangeTime ?? '');
    await until(
      `${PLAY_SECONDS} s of exchange time`,
      async () => {
        const at = Date.parse((await replay?.status('okx'))?.position.exchangeTime ?? '');
        return Number.isFinite(first) && at - first >= PLAY_SECONDS * 1000;
      },
      240_000,
    );
    await replay.control('okx', 'pause');
    // SIGTERM: each ingester writes its open windows (partial where it saw part of a minute).
    await stopAll([primary, replica]);
  });

  afterAll(async () => {
    await publisher?.stop();
    await stopAll([primary, replica, replay]);
    const admin = new Kafka({
      brokers: requireEnv('KAFKA_BROKERS').split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await testbed?.close();
  });

  it('publishes day D from both systems: exact rows, exact gaps, one revision the subscriber can read', async () => {
    const lake = await readLakeTrades(testbed);
    expect(lake.length).toBeGreaterThan(0);
    // The two systems' coverage differs (the faults hit different minutes or markets).
    const seen = (system: string) =>
      new Set(
        lake
          .filter((o) => o.system === system && o.events.length > 0)
          .map((o) => `${o.market}/${o.minute}`),
      );
    const [p, r] = [seen('primary'), seen('replica')];
    expect(p.size).toBeGreaterThan(0);
    expect(r.size).toBeGreaterThan(0);

    publisher = await PublisherProcess.start(testbed.env(), await freePort());
    const dataSet = testbed.dataSets[0] as string;
    const created = await publisher.request<{ runs: { id: string }[] }>('POST', '/runs', {
      from: DAY,
      dataSets: [dataSet],
    });
    const run = await eventually(
      'the run',
      async () => {
        const { body } = await (publisher as PublisherProcess).request<{
          status: string;
          error: string | null;
          revisionArn: string;
        }>('GET', `/runs/${created.body.runs[0]?.id}`);
        return body.status === 'SUCCEEDED' || body.status === 'FAILED' ? body : undefined;
      },
      180_000,
    );
    expect({ status: run.status, error: run.error }).toEqual({ status: 'SUCCEEDED', error: null });

    const parts = { dataSet, venue: 'okx', type: 'trade', day: DAY } as const;
    const get = async (key: string) => {
      const object = await testbed.s3.send(
        new GetObjectCommand({ Bucket: testbed.productBucket, Key: key }),
      );
      return Buffer.from(
        await (
          object.Body as { transformToByteArray(): Promise<Uint8Array> }
        ).transformToByteArray(),
      );
    };
    const csv = await get(productCsvKey(parts));
    const [, ...rows] = gunzipSync(csv).toString('utf8').slice(0, -1).split('\n');
    const expected = naiveCsvRows(lake.flatMap((o) => o.events));
    // Each system missed trades the other saw: the file is more than either system alone.
    const onlyFrom = (system: string) =>
      naiveCsvRows(lake.filter((o) => o.system === system).flatMap((o) => o.events));
    expect(onlyFrom('primary').length).toBeLessThan(expected.length);
    expect(onlyFrom('replica').length).toBeLessThan(expected.length);
    expect(rows.length).toBe(expected.length);
    expect(rows).toEqual(expected);

    const manifest = parseDayManifest(
      JSON.parse((await get(productManifestKey(parts))).toString('utf8')),
    );
    expect(manifest.quarantine).toEqual([]);
    for (const market of manifest.markets) {
      const neither = neitherMinutes(DAY, market.coverage.neitherRanges);
      const expectedNeither: number[] = [];
      for (let minute = 0; minute < 1440; minute++) {
        const id = `${market.market}/${minute}`;
        if (!p.has(id) && !r.has(id)) expectedNeither.push(minute);
      }
      expect({ market: market.market, neither }).toEqual({
        market: market.market,
        neither: expectedNeither,
      });
    }

    const entitled = await findDataSet(testbed.subscriber, dataSet, 'ENTITLED');
    const received = await revisionsOf(testbed.subscriber, entitled.Id as string);
    expect(received.map((rev) => rev.Finalized)).toEqual([true]);
    await exportRevision(
      testbed.subscriber,
      entitled.Id as string,
      received[0]?.Id as string,
      testbed.productBucket,
      'received/',
    );
    expect(await get(`received/${productCsvKey(parts)}`)).toEqual(csv);
  });
});
