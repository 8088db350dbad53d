// The exporter on the real stack: exchange-local (the test is the provider, through the SDK),
// Kafka, PostgreSQL and MinIO. Each scenario has its own database, buckets and topics.
import { randomBytes } from 'node:crypto';

import { ListDataSetRevisionsCommand, ListJobsCommand } from '@aws-sdk/client-dataexchange';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import { TOPICS } from '@tickline/domain';
import {
  createBucket,
  deleteBucket,
  eventually,
  listKeys,
  metricValue,
  stackS3Client,
  uniqueBucket,
} from '@tickline/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import request from 'supertest';

import { ReconciliationService } from '../src/triggers/reconciliation.service';
import { prismaOf, startExporter } from './support/exporter-app.util';
import { exporterStackEnv } from './support/stack-env.util';
import { subscriberClient, TestProvider } from './support/provider.util';
import { createTestDatabase } from './support/test-database.util';

jest.setTimeout(180_000);

const runId = `exp-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const stackEnv = exporterStackEnv();
const s3: S3Client = stackS3Client();
const sourceBucket = uniqueBucket('exporter-src');
const provider = new TestProvider(s3, sourceBucket);
const subscriber = subscriberClient();
const kafka = new Kafka({ brokers: stackEnv.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
let admin: Admin;
const buckets: string[] = [sourceBucket];
const topics: string[] = [];
const groups: string[] = [];
const cleanups: Array<() => Promise<void>> = [];

const dataSetName = `exporter-it-${runId}`;
let ownedDataSetId: string;
let entitledDataSetId: string;

async function objectText(bucket: string, key: string): Promise<string> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await answer.Body?.transformToString()) ?? '';
}

/** A topic of this run, created empty (retried: a busy broker may not know it at once). */
async function privateTopic(purpose: string, numPartitions = 1): Promise<string> {
  const topic = `${runId}.${purpose}`;
  topics.push(topic);
  await eventually(`topic ${topic}`, async () => {
    await admin.createTopics({ topics: [{ topic, numPartitions }] }).catch(() => undefined);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
    return metadata?.topics[0]?.partitions.length === numPartitions ? true : undefined;
  });
  return topic;
}

/** Exporter settings of one scenario: its own database, group and (unless given) quiet topics. */
async function scenarioEnv(purpose: string, extra: Record<string, string> = {}) {
  const database = await createTestDatabase(purpose);
  cleanups.push(database.drop);
  groups.push(`${runId}-${purpose}`);
  return {
    ...stackEnv,
    DATABASE_URL: database.url,
    EXPORTER_GROUP_ID: `${runId}-${purpose}`,
    EXPORTER_ALERTS_TOPIC: await privateTopic(`${purpose}.alerts`, 3),
    EXPORTER_SUBSCRIPTIONS: JSON.stringify({ subscriptions: [] }),
    EXPORTER_RECONCILE_INTERVAL: '1h',
    ...extra,
  };
}

/** Runs a scenario against a started exporter and closes it afterwards, passed or not. */
async function withExporter(
  env: Record<string, string>,
  scenario: (app: INestApplication) => Promise<void>,
): Promise<void> {
  const app = await startExporter(env);
  try {
    await scenario(app);
  } finally {
    await app.close();
  }
}

type Run = {
  id: string;
  revisionId: string;
  status: string;
  error: string | null;
  attempts: number;
};

async function exportsOf(app: INestApplication, query = ''): Promise<Run[]> {
  const response = await request(app.getHttpServer()).get(`/exports${query}`).expect(200);
  return response.body.exports as Run[];
}

function succeeded(app: INestApplication, count: number, query = '') {
  return eventually(`${count} SUCCEEDED export(s)`, async () => {
    const runs = await exportsOf(app, query);
    if (runs.some((run) => run.status === 'FAILED')) {
      throw new Error(`An export failed: ${JSON.stringify(runs)}`);
    }
    const done = runs.filter((run) => run.status === 'SUCCEEDED');
    return done.length >= count ? done : undefined;
  });
}

/** Export jobs of one entitled revision to one bucket, as the exchange itself counts them. */
async function exportJobsFor(revisionId: string, bucket: string): Promise<number> {
  const jobs = await subscriber.send(
    new ListJobsCommand({ DataSetId: entitledDataSetId, RevisionId: revisionId }),
  );
  return (jobs.Jobs ?? []).filter(
    (job) =>
      job.Type === 'EXPORT_REVISIONS_TO_S3' &&
      job.Details?.ExportRevisionsToS3?.RevisionDestinations?.some((d) => d.Bucket === bucket),
  ).length;
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await createBucket(s3, sourceBucket);
  const owned = await provider.createDataSet(dataSetName);
  ownedDataSetId = owned.id;
  await provider.publishRevision(ownedDataSetId, { 'seed/first.csv': 'ts,price\n1,100\n' }, 'r0');
  entitledDataSetId = (await provider.addToProduct(owned, dataSetName)).Id as string;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await admin.deleteGroups(groups).catch(() => undefined);
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
  for (const bucket of buckets) await deleteBucket(s3, bucket).catch(() => undefined);
  provider.destroy();
  subscriber.destroy();
  s3.destroy();
});

describe('exporter on the stack', () => {
  it('exports a newly published revision, from its event, under the configured key pattern', async () => {
    const bucket = uniqueBucket('exporter-new');
    await createBucket(s3, bucket);
    buckets.push(bucket);
    const env = await scenarioEnv('new', { EXPORTER_EVENTS_TOPIC: TOPICS.exchangeEvents });
    await withExporter(env, async (app) => {
      const server = app.getHttpServer();
      const created = await request(server)
        .post('/subscriptions')
        .send({
          dataSet: dataSetName,
          bucket,
          keyPattern: 'tickline/${DataSet.Name}/${Revision.Id}/${Asset.Name}',
        })
        .expect(201);
      expect(created.body).toMatchObject({
        dataSetId: entitledDataSetId,
        bucket,
        mode: 'PATTERN',
        enabled: true,
      });
      // A new subscription exports what is already published (r0) right away.
      await succeeded(app, 1);
      const eventRuns = async () =>
        metricValue(
          (await request(server).get('/metrics').expect(200)).text,
          'exporter_export_runs_created_total',
          { trigger: 'event' },
        );
      const eventRunsBefore = await eventRuns();

      const body = `ts,price\n${Date.now()},101.5\n`;
      const published = await provider.publishRevision(
        ownedDataSetId,
        { 'day/trades.csv': body },
        'r1',
      );
      const [latest] = await succeeded(app, 2);
      const key = `tickline/${dataSetName}/${latest?.revisionId}/day/trades.csv`;
      const landed = await eventually(`s3://${bucket}/${key}`, async () =>
        (await listKeys(s3, bucket, 'tickline/')).includes(key) ? Date.now() : undefined,
      );
      expect(await objectText(bucket, key)).toBe(body);
      const keys = await listKeys(s3, bucket);
      expect(keys).toHaveLength(2);
      expect(keys.find((other) => other !== key)).toMatch(
        new RegExp(`^tickline/${dataSetName}/[^/]+/seed/first\\.csv$`),
      );
      // r1 came through its event (reconciliation runs every hour here).
      expect(await eventRuns()).toBe(eventRunsBefore + 1);
      process.stdout.write(
        `publication -> object: ${((landed - published.publishedAt) / 1000).toFixed(2)} s\n`,
      );

      const catalog = await request(server).get('/catalog?subscribed=true').expect(200);
      const entry = catalog.body.dataSets.find((d: { id: string }) => d.id === entitledDataSetId);
      expect(
        entry.revisions.map((r: { exports: { status: string }[] }) => r.exports[0]?.status),
      ).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    });
  });

  it('catches up on three revisions published while it was down, each once and in order, without events', async () => {
    const bucket = uniqueBucket('exporter-down');
    await createBucket(s3, bucket);
    buckets.push(bucket);
    const env = await scenarioEnv('down', {
      EXPORTER_EVENTS_TOPIC: await privateTopic('down.events'),
      EXPORTER_SUBSCRIPTIONS: JSON.stringify({
        subscriptions: [
          {
            name: 'catch-up',
            dataSet: entitledDataSetId,
            bucket,
            keyPattern: '${Revision.Id}/${Asset.Name}',
          },
        ],
      }),
    });
    // Everything published so far is exported first, then the exporter stops.
    const before = (
      await subscriber.send(new ListDataSetRevisionsCommand({ DataSetId: entitledDataSetId }))
    ).Revisions?.length as number;
    await withExporter(env, async (app) => {
      await succeeded(app, before);
    });

    const bodies = ['a', 'b', 'c'].map((tag) => `ts,price\n${tag},${Date.now()}\n`);
    for (const [index, body] of bodies.entries()) {
      await provider.publishRevision(ownedDataSetId, { 'down/trades.csv': body }, `down-${index}`);
    }
    // Restarted with no event on its (private, empty) topic: only reconciliation can find them.
    await withExporter(env, async (app) => {
      const done = await succeeded(app, before + 3);
      expect(new Set(done.map((run) => run.revisionId)).size).toBe(before + 3);
      const runs = await prismaOf(app).exportRun.findMany({
        include: { job: true },
        orderBy: { revisionCreatedAt: 'asc' },
      });
      expect(runs).toHaveLength(before + 3);
      const caughtUp = runs.slice(-3);
      // In revision creation order: each started after the previous one finished.
      for (let i = 1; i < caughtUp.length; i++) {
        expect(caughtUp[i]?.startedAt?.getTime()).toBeGreaterThanOrEqual(
          caughtUp[i - 1]?.finishedAt?.getTime() ?? Infinity,
        );
      }
      for (const [index, run] of caughtUp.entries()) {
        expect(await objectText(bucket, `${run.exchangeRevisionId}/down/trades.csv`)).toBe(
          bodies[index],
        );
        expect(await exportJobsFor(run.exchangeRevisionId, bucket)).toBe(1);
        expect(run.job?.state).toBe('COMPLETED');
      }
      const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
      expect(
        metricValue(metrics, 'exporter_export_runs_created_total', { trigger: 'reconcile' }),
      ).toBe(3);
      expect(metricValue(metrics, 'exporter_export_runs_created_total', { trigger: 'event' })).toBe(
        0,
      );
    });
  });

  it('exports once when the same event arrives twice and reconciliation finds the revision too', async () => {
    const bucket = uniqueBucket('exporter-dup');
    await createBucket(s3, bucket);
    buckets.push(bucket);
    const eventsTopic = await privateTopic('dup.events');
    // The real event exchange-local emits for our next revision, read from where the topic ends now.
    const ends = await admin.fetchTopicOffsets(TOPICS.exchangeEvents);
    await provider.publishRevision(ownedDataSetId, { 'dup/trades.csv': 'ts\n1\n' }, 'dup');
    const capture = kafka.consumer({ groupId: `${runId}-capture` });
    const captured: string[] = [];
    await capture.connect();
    await capture.subscribe({ topic: TOPICS.exchangeEvents });
    await capture.run({
      eachMessage: async ({ message }) => {
        const text = message.value?.toString() ?? '';
        if (text.includes(entitledDataSetId) && text.includes('Revision Published To Data Set')) {
          captured.push(text);
        }
      },
    });
    for (const { partition, offset } of ends) {
      capture.seek({ topic: TOPICS.exchangeEvents, partition, offset });
    }
    const event = await eventually('the revision-published event', async () => captured[0]);
    await capture.disconnect();
    await admin.deleteGroups([`${runId}-capture`]).catch(() => undefined);

    const env = await scenarioEnv('dup', {
      EXPORTER_EVENTS_TOPIC: eventsTopic,
      EXPORTER_SUBSCRIPTIONS: JSON.stringify({
        subscriptions: [{ name: 'dup', dataSet: entitledDataSetId, bucket, mode: 'LATEST' }],
      }),
    });
    await withExporter(env, async (app) => {
      const producer = kafka.producer();
      await producer.connect();
      const message = { key: entitledDataSetId, value: event };
      await producer.send({ topic: eventsTopic, messages: [message, message] });
      await producer.disconnect();
      await app.get(ReconciliationService).reconcile();

      const [run] = await succeeded(app, 1);
      await eventually('both deliveries handled', async () => {
        const metrics = (await request(app.getHttpServer()).get('/metrics')).text;
        return metricValue(metrics, 'exporter_exchange_events_total', { outcome: 'matched' }) === 2
          ? true
          : undefined;
      });
      // Start-up reconciliation, two deliveries and another pass: one run, one job, one object.
      expect(await prismaOf(app).exportRun.count()).toBe(1);
      expect(await prismaOf(app).exchangeJob.count()).toBe(1);
      expect(await exportJobsFor(run?.revisionId as string, bucket)).toBe(1);
      expect(await listKeys(s3, bucket)).toEqual([`latest/${dataSetName}/dup/trades.csv`]);
    });
  });

  it('retries a missing bucket, fails with the reason and an alert, and a re-run after fixing it succeeds', async () => {
    const bucket = uniqueBucket('exporter-missing');
    const env = await scenarioEnv('fail', {
      EXPORTER_EVENTS_TOPIC: await privateTopic('fail.events'),
      EXPORTER_MAX_ATTEMPTS: '3',
      EXPORTER_RETRY_INITIAL: '200ms',
      EXPORTER_RETRY_MAX: '1s',
      EXPORTER_SUBSCRIPTIONS: JSON.stringify({
        subscriptions: [{ name: 'missing', dataSet: entitledDataSetId, bucket, mode: 'LATEST' }],
      }),
    });
    const alerts: unknown[] = [];
    const alertConsumer = kafka.consumer({ groupId: `${runId}-alerts` });
    await alertConsumer.connect();
    await alertConsumer.subscribe({
      topic: env.EXPORTER_ALERTS_TOPIC as string,
      fromBeginning: true,
    });
    await alertConsumer.run({
      eachMessage: async ({ message }) => {
        alerts.push(JSON.parse(message.value?.toString() ?? 'null'));
      },
    });
    cleanups.push(async () => {
      await alertConsumer.disconnect();
      await admin.deleteGroups([`${runId}-alerts`]);
    });

    await withExporter(env, async (app) => {
      const server = app.getHttpServer();
      const failed = await eventually('the export to fail for good', async () => {
        const [run] = await exportsOf(app, '?status=FAILED');
        return run;
      });
      expect(failed).toMatchObject({
        attempts: 3,
        error: `RESOURCE_NOT_FOUND_EXCEPTION: Bucket ${bucket} does not exist.`,
      });
      const alert = await eventually('the export_failed alert', async () => alerts[0]);
      expect(alert).toMatchObject({
        v: 1,
        kind: 'export_failed',
        severity: 'critical',
        service: 'exporter',
        detail: { exportRunId: failed.id, bucket, revisionId: failed.revisionId, count: 3 },
      });
      const metrics = (await request(server).get('/metrics')).text;
      expect(metricValue(metrics, 'exporter_exports_finished_total', { outcome: 'failed' })).toBe(
        1,
      );
      expect(metricValue(metrics, 'exporter_export_retries_total')).toBe(2);

      await createBucket(s3, bucket);
      buckets.push(bucket);
      const rerun = await request(server).post(`/exports/${failed.id}/rerun`).expect(202);
      expect(rerun.body).toMatchObject({ id: failed.id, attempts: 0, error: null });
      await eventually('the re-run to succeed', async () => {
        const run = (await request(server).get(`/exports/${failed.id}`).expect(200)).body;
        return run.status === 'SUCCEEDED' ? run : undefined;
      });
      expect(await listKeys(s3, bucket)).toEqual([`latest/${dataSetName}/dup/trades.csv`]);
      // The same row, never a second one; a succeeded run is not re-runnable.
      expect(await prismaOf(app).exportRun.count()).toBe(1);
      await request(server).post(`/exports/${failed.id}/rerun`).expect(409);
    });
  });

  it('expands a `*` subscription to every entitled data set, also to one added to the product later', async () => {
    // Disabled, so the many entitled data sets of a shared stack are subscribed but not exported.
    const env = await scenarioEnv('wildcard', {
      EXPORTER_EVENTS_TOPIC: await privateTopic('wildcard.events'),
      EXPORTER_SUBSCRIPTIONS: JSON.stringify({
        subscriptions: [
          { name: 'all', dataSet: '*', bucket: 'tickline-subscriber', enabled: false },
        ],
      }),
    });
    await withExporter(env, async (app) => {
      const names = async () =>
        (
          (await request(app.getHttpServer()).get('/subscriptions').expect(200)).body
            .subscriptions as { name: string; enabled: boolean; keyPattern: string }[]
        ).filter((s) => !s.enabled && s.keyPattern === '${Revision.CreatedAt}/${Asset.Name}');
      expect((await names()).map((s) => s.name)).toContain(`all/${entitledDataSetId}`);

      const laterName = `${dataSetName}-later`;
      const later = await provider.createDataSet(laterName);
      await provider.publishRevision(later.id, { 'later/first.csv': 'ts\n1\n' }, 'later');
      const laterId = (await provider.addToProduct(later, laterName)).Id as string;
      expect((await names()).map((s) => s.name)).not.toContain(`all/${laterId}`);
      await app.get(ReconciliationService).reconcile();
      expect((await names()).map((s) => s.name)).toContain(`all/${laterId}`);
      expect(await prismaOf(app).exportRun.count()).toBe(0);
    });
  });

  it('refuses a data set the subscriber is not entitled to, over REST and in the subscription document, and manages subscriptions over REST', async () => {
    const env = await scenarioEnv('entitled', {
      EXPORTER_EVENTS_TOPIC: await privateTopic('entitled.events'),
    });
    await withExporter(env, async (app) => {
      const server = app.getHttpServer();
      // The provider's own (owned) data set is not one of the subscriber's entitled data sets.
      const refused = await request(server)
        .post('/subscriptions')
        .send({ dataSet: ownedDataSetId, bucket: 'tickline-subscriber' })
        .expect(422);
      expect(refused.body.message).toMatch(
        `Cannot subscribe: data set "${ownedDataSetId}" is not entitled to this subscriber account`,
      );
      const badBucket = await request(server)
        .post('/subscriptions')
        .send({ dataSet: entitledDataSetId, bucket: 'Not_A_Bucket' })
        .expect(400);
      expect(JSON.stringify(badBucket.body.errors)).toContain(
        'bucket \\"Not_A_Bucket\\" must be 3-63 characters',
      );
      expect((await request(server).get('/subscriptions').expect(200)).body.subscriptions).toEqual(
        [],
      );

      // The rest of the life cycle, on a disabled subscription (nothing gets exported).
      const made = await request(server)
        .post('/subscriptions')
        .send({
          name: 'lifecycle',
          dataSet: entitledDataSetId,
          bucket: 'tickline-subscriber',
          enabled: false,
        })
        .expect(201);
      expect(made.body).toMatchObject({
        keyPattern: '${Revision.CreatedAt}/${Asset.Name}',
        encryption: null,
      });
      await request(server)
        .post('/subscriptions')
        .send({ name: 'lifecycle-2', dataSet: entitledDataSetId, bucket: 'tickline-subscriber' })
        .expect(409);
      const latest = await request(server)
        .patch('/subscriptions/lifecycle')
        .send({ mode: 'LATEST', encryption: { type: 'AES256' } })
        .expect(200);
      expect(latest.body).toMatchObject({
        id: made.body.id,
        mode: 'LATEST',
        keyPattern: 'latest/${DataSet.Name}/${Asset.Name}',
        encryption: { type: 'AES256' },
      });
      await request(server)
        .patch('/subscriptions/lifecycle')
        .send({ keyPattern: '${Asset.Id}' })
        .expect(400);
      await request(server).get(`/subscriptions/${made.body.id}`).expect(200);
      await request(server).delete('/subscriptions/lifecycle').expect(204);
      await request(server).get('/subscriptions/lifecycle').expect(404);
    });

    await expect(
      startExporter({
        ...env,
        EXPORTER_SUBSCRIPTIONS: JSON.stringify({
          subscriptions: [
            { name: 'nope', dataSet: `no-such-data-set-${runId}`, bucket: 'tickline-subscriber' },
          ],
        }),
      }),
    ).rejects.toThrow(
      `Invalid subscriptions: subscription "nope": data set "no-such-data-set-${runId}" is not entitled to this subscriber account`,
    );
  });
});
