// The publisher end to end on the local stack: lake data of a day in both systems (different
// missing minutes, one malformed object) -> CSV + manifest -> a finalized revision with both
// assets in the product, read back by the subscriber through the AWS SDK.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type Alert, parseAlert } from '@tickline/domain';
import { parseDayManifest, productCsvKey, productManifestKey } from '@tickline/publishing';
import { Kafka } from 'kafkajs';
import { freePort, requireEnv } from '@tickline/testing';

import {
  dayTrades,
  minuteOf,
  naiveCsvRows,
  neitherMinutes,
  range,
  writeLakeMinutes,
  writeMalformedMinute,
} from './support/lake-day.fixture';
import {
  assetsOf,
  createTestbed,
  eventually,
  exportRevision,
  findDataSet,
  ownedDataSet,
  PublisherProcess,
  revisionsOf,
  type Testbed,
} from './support/publisher-testbed';

jest.setTimeout(240_000);

const DAY = '2026-11-20';

interface RunView {
  id: string;
  status: string;
  step: string;
  generation: number;
  outcome?: string;
  revisionArn?: string | null;
  rowCount?: number | null;
  manifestKey?: string | null;
  error?: string | null;
  steps?: { step: string; status: string }[];
}

async function bytes(testbed: Testbed, bucket: string, key: string): Promise<Buffer> {
  const object = await testbed.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(
    await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}

export async function finishedRun(publisher: PublisherProcess, id: string): Promise<RunView> {
  return eventually(
    `run ${id} to finish`,
    async () => {
      const { body } = await publisher.request<RunView>('GET', `/runs/${id}`);
      return body.status === 'SUCCEEDED' || body.status === 'FAILED' ? body : undefined;
    },
    120_000,
  );
}

describe('publisher end to end (PostgreSQL, MinIO, exchange-local, Kafka)', () => {
  let testbed: Testbed;
  let publisher: PublisherProcess;
  let kafka: Kafka;
  const alerts: Alert[] = [];
  let stopConsumer: () => Promise<void>;
  let alertTopic: string;
  const primary = dayTrades(DAY, 'primary', 30);
  // The replica missed every fifth trade; the union brings them back from the primary.
  const replica = dayTrades(DAY, 'replica', 30).filter((_, i) => i % 5 !== 2);
  const primaryMinutes = range(0, 20, [4, 5, 12]);
  const replicaMinutes = range(3, 30, [12, 13, 20]);
  let malformedKey: string;

  beforeAll(async () => {
    testbed = await createTestbed(['trades']);
    await writeLakeMinutes(testbed.s3, testbed.lakeBucket, DAY, 'primary', primary, primaryMinutes);
    await writeLakeMinutes(testbed.s3, testbed.lakeBucket, DAY, 'replica', replica, replicaMinutes);
    // Minute 25 of the primary is not gzip: quarantined, that minute comes from the replica.
    malformedKey = await writeMalformedMinute(testbed.s3, testbed.lakeBucket, DAY, 'primary', 25);

    const topic = `publisher-alerts-${testbed.id}`;
    alertTopic = topic;
    kafka = new Kafka({ brokers: requireEnv('KAFKA_BROKERS').split(','), logLevel: 0 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: `publisher-test-${testbed.id}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        alerts.push(parseAlert(JSON.parse(message.value?.toString() ?? '')));
      },
    });
    stopConsumer = () => consumer.disconnect();
    publisher = await PublisherProcess.start(
      testbed.env({ PUBLISHER_ALERTS_TOPIC: topic }),
      await freePort(),
    );
  });

  afterAll(async () => {
    await publisher?.stop();
    await stopConsumer?.();
    await testbed?.close();
  });

  it('shows the validated mapping with the data set created in the exchange', async () => {
    const { status, body } = await publisher.request<{
      dataSets: {
        name: string;
        venue: string;
        type: string;
        exchangeDataSetId: string | null;
        products: string[];
      }[];
    }>('GET', '/mapping');
    expect(status).toBe(200);
    const owned = await ownedDataSet(testbed.provider, testbed.dataSets[0] as string);
    expect(body.dataSets).toEqual([
      expect.objectContaining({
        name: testbed.dataSets[0],
        venue: 'coinbase',
        type: 'trade',
        exchangeDataSetId: owned.Id,
        products: [requireEnv('EXCHANGE_PRODUCT_ID')],
      }),
    ]);
  });

  it('publishes the day: exact CSV, manifest with coverage and quarantine, one finalized revision with both assets', async () => {
    const dataSet = testbed.dataSets[0] as string;
    const created = await publisher.request<{ runs: RunView[] }>('POST', '/runs', {
      from: DAY,
      dataSets: [dataSet],
    });
    expect(created.status).toBe(202);
    expect(created.body.runs).toEqual([
      expect.objectContaining({ day: DAY, generation: 0, outcome: 'created' }),
    ]);
    const run = await finishedRun(publisher, created.body.runs[0]?.id as string);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'SUCCEEDED', error: null });
    expect(run.steps?.map((s) => `${s.step}:${s.status}`)).toEqual([
      'BUILD_FILES:SUCCEEDED',
      'CREATE_REVISION:SUCCEEDED',
      'CREATE_IMPORT_JOB:SUCCEEDED',
      'START_IMPORT_JOB:SUCCEEDED',
      'AWAIT_IMPORT_JOB:SUCCEEDED',
      'FINALIZE_REVISION:SUCCEEDED',
      'START_CHANGE_SETS:SUCCEEDED',
      'AWAIT_CHANGE_SETS:SUCCEEDED',
    ]);

    const parts = { dataSet, venue: 'coinbase', type: 'trade', day: DAY } as const;
    const csv = await bytes(testbed, testbed.productBucket, productCsvKey(parts));
    const [header, ...rows] = gunzipSync(csv).toString('utf8').slice(0, -1).split('\n');
    expect(header).toBe(
      'exchange_time,exchange_time_us,venue,symbol,market,trade_id,side,price,size,seq_id',
    );
    const lake = [
      ...primary.filter(
        (e) =>
          primaryMinutes.has(minuteOf(DAY, e)) &&
          !(e.market === 'BTC-USD' && minuteOf(DAY, e) === 25),
      ),
      ...replica.filter((e) => replicaMinutes.has(minuteOf(DAY, e))),
    ];
    const expected = naiveCsvRows(lake);
    expect(rows).toEqual(expected);
    expect(run.rowCount).toBe(expected.length);

    const manifest = parseDayManifest(
      JSON.parse(
        (await bytes(testbed, testbed.productBucket, productManifestKey(parts))).toString('utf8'),
      ),
    );
    expect(run.manifestKey).toBe(productManifestKey(parts));
    expect(manifest.file.rows).toBe(expected.length);
    const covered = new Set([...primaryMinutes, ...replicaMinutes]);
    for (const market of manifest.markets) {
      const neither = neitherMinutes(DAY, market.coverage.neitherRanges);
      expect(neither).toEqual([...range(0, 1440)].filter((m) => !covered.has(m)));
    }
    expect(manifest.quarantine).toEqual([
      expect.objectContaining({
        system: 'primary',
        key: malformedKey,
        kind: 'gzip',
        dropped: true,
      }),
    ]);

    // The provider's data set: exactly one revision, finalized, with the CSV and the manifest.
    const owned = await ownedDataSet(testbed.provider, dataSet);
    const revisions = await revisionsOf(testbed.provider, owned.Id as string);
    expect(revisions.map((r) => [r.Arn, r.Finalized])).toEqual([[run.revisionArn, true]]);
    expect(revisions[0]?.Comment).toContain(DAY);
    const assets = await assetsOf(testbed.provider, owned.Id as string, revisions[0]?.Id as string);
    expect(assets.map((a) => a.Name).sort()).toEqual(
      [productCsvKey(parts), productManifestKey(parts)].sort(),
    );

    // The subscriber, entitled through the product, sees the revision and exports the same bytes.
    const entitled = await findDataSet(testbed.subscriber, dataSet, 'ENTITLED');
    expect(entitled.OriginDetails?.ProductId).toBe(requireEnv('EXCHANGE_PRODUCT_ID'));
    const received = await revisionsOf(testbed.subscriber, entitled.Id as string);
    expect(received).toHaveLength(1);
    expect(received[0]?.Finalized).toBe(true);
    await exportRevision(
      testbed.subscriber,
      entitled.Id as string,
      received[0]?.Id as string,
      testbed.productBucket,
      'received/',
    );
    expect(await bytes(testbed, testbed.productBucket, `received/${productCsvKey(parts)}`)).toEqual(
      csv,
    );

    // The quarantined object raised an alert on the alerts topic.
    const alert = await eventually('the quarantine alert', async () =>
      alerts.find((a) => a.kind === 'quarantined_input'),
    );
    expect(alert).toMatchObject({
      service: 'publisher',
      venue: 'coinbase',
      dataType: 'trade',
      detail: { lakeKey: malformedKey, count: 1 },
    });
  });

  it('does not publish a day twice; a forced re-publish needs a reason and makes generation 1', async () => {
    const dataSet = testbed.dataSets[0] as string;
    const again = await publisher.request<{ runs: RunView[] }>('POST', '/runs', {
      from: DAY,
      dataSets: [dataSet],
    });
    expect(again.body.runs).toEqual([
      expect.objectContaining({ generation: 0, outcome: 'existing', status: 'SUCCEEDED' }),
    ]);
    const noReason = await publisher.request('POST', '/runs', {
      from: DAY,
      dataSets: [dataSet],
      force: true,
    });
    expect(noReason.status).toBe(400);
    const forced = await publisher.request<{ runs: RunView[] }>('POST', '/runs', {
      from: DAY,
      dataSets: [dataSet],
      force: true,
      reason: 'late replica data',
    });
    expect(forced.body.runs).toEqual([
      expect.objectContaining({ generation: 1, outcome: 'created' }),
    ]);
    const run = await finishedRun(publisher, forced.body.runs[0]?.id as string);
    expect(run.status).toBe('SUCCEEDED');
    const owned = await ownedDataSet(testbed.provider, dataSet);
    const revisions = await revisionsOf(testbed.provider, owned.Id as string);
    expect(revisions).toHaveLength(2);
    expect(revisions.find((r) => r.Arn === run.revisionArn)?.Comment).toContain(
      'forced re-publish: late replica data',
    );
    const listed = await publisher.request<{ runs: RunView[] }>(
      'GET',
      `/runs?day=${DAY}&dataSet=${dataSet}`,
    );
    expect(listed.body.runs.map((r) => r.generation).sort()).toEqual([0, 1]);
  });

  it('fails a run it cannot finish with an alert and a metric, and resumes it on request', async () => {
    const dataSet = testbed.dataSets[0] as string;
    const day = '2026-11-19';
    // A second instance whose mapping names a lake bucket that does not exist: BUILD_FILES fails.
    const broken = JSON.parse(
      readFileSync(testbed.env().PUBLISHER_MAPPING_FILE as string, 'utf8'),
    ) as {
      lakeBucket: string;
    };
    broken.lakeBucket = `missing-${testbed.id}`;
    const brokenFile = path.join(
      mkdtempSync(path.join(tmpdir(), 'publisher-broken-')),
      'mapping.json',
    );
    writeFileSync(brokenFile, JSON.stringify(broken));
    await publisher.stop();
    publisher = await PublisherProcess.start(
      testbed.env({ PUBLISHER_ALERTS_TOPIC: alertTopic, PUBLISHER_MAPPING_FILE: brokenFile }),
      await freePort(),
    );
    const created = await publisher.request<{ runs: RunView[] }>('POST', '/runs', {
      from: day,
      dataSets: [dataSet],
    });
    const failed = await finishedRun(publisher, created.body.runs[0]?.id as string);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/NoSuchBucket|does not exist/);
    expect(failed.steps?.map((s) => `${s.step}:${s.status}`)).toEqual([
      'BUILD_FILES:FAILED',
      'BUILD_FILES:FAILED',
      'BUILD_FILES:FAILED',
    ]);
    const alert = await eventually('the publish_failed alert', async () =>
      alerts.find((a) => a.kind === 'publish_failed'),
    );
    expect(alert).toMatchObject({
      severity: 'critical',
      detail: { runId: failed.id, step: 'BUILD_FILES' },
    });
    const metrics = await (await fetch(`${publisher.url}/metrics`)).text();
    expect(metrics).toContain('publisher_runs_finished_total{outcome="failed"} 1');
    expect(metrics).toContain('publisher_step_failures_total{step="BUILD_FILES"} 3');

    // Back on the right mapping, POST /runs resumes the failed run, which then succeeds.
    await publisher.stop();
    publisher = await PublisherProcess.start(
      testbed.env({ PUBLISHER_ALERTS_TOPIC: alertTopic }),
      await freePort(),
    );
    const again = await publisher.request<{ runs: RunView[] }>('POST', '/runs', {
      from: day,
      dataSets: [dataSet],
    });
    expect(again.body.runs).toEqual([
      expect.objectContaining({ id: failed.id, outcome: 'retried', status: 'PENDING' }),
    ]);
    const resumed = await finishedRun(publisher, failed.id);
    expect({ status: resumed.status, error: resumed.error }).toEqual({
      status: 'SUCCEEDED',
      error: null,
    });
    const after = await (await fetch(`${publisher.url}/metrics`)).text();
    expect(after).toContain('publisher_runs_finished_total{outcome="succeeded"} 1');
    expect(after).toMatch(
      /publisher_step_duration_seconds_count\{step="AWAIT_CHANGE_SETS",outcome="succeeded"\} 1/,
    );
  });

  it('answers bad requests with 400 and serves its OpenAPI document', async () => {
    expect((await publisher.request('POST', '/runs', { from: '2026-02-30' })).status).toBe(400);
    expect(
      (await publisher.request('POST', '/runs', { from: DAY, dataSets: ['no-such-set'] })).status,
    ).toBe(404);
    expect((await publisher.request('GET', '/runs?status=DONE')).status).toBe(400);
    const doc = await publisher.request<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/openapi.json',
    );
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/mapping',
      '/runs',
      '/runs/{id}',
      '/uploads',
    ]);
  });
});
