import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import {
  createBucket,
  deleteBucket,
  eventually,
  listKeys,
  REPO_ROOT,
  stackS3Client,
} from '@tickline/testing';
import { Kafka, logLevel } from 'kafkajs';

import { TestProvider } from '../apps/exporter/test/support/provider.util';
import { exporterStackEnv } from '../apps/exporter/test/support/stack-env.util';
import { createTestDatabase } from '../apps/exporter/test/support/test-database.util';
import { defineBenchmark } from './lib/benchmark.types';
import { median } from './lib/measure.util';
import { type RunningService, startService } from './lib/service-process.util';

// Publication -> object in the subscriber's bucket, end to end on the stack: the provider
// (this script, through the SDK) finalizes a revision on exchange-local, which publishes it to
// the product and emits "Revision Published To Data Set" on exchange.events.v1; the exporter
// (the built dist/main.js, its own process, subscriber credentials) creates the export run,
// runs EXPORT_REVISIONS_TO_S3 and the object lands in MinIO. Timed from UpdateRevision
// (Finalized) answering to the object being listed, polled every 20 ms.

const MAIN = path.join(REPO_ROOT, 'apps', 'exporter', 'dist', 'main.js');
const REVISIONS = 10;

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

export default defineBenchmark({
  name: 'export-latency',
  description:
    "Subscriber export: a finalized revision's object in the subscriber bucket, from publication (event-triggered EXPORT_REVISIONS_TO_S3 on exchange-local, MinIO)",
  command:
    'eval "$(npm run -s stack -- env --export)" && npx nx run exporter:build && npm run bench -- export-latency',
  figures: {
    'export.publish_to_object_s': {
      unit: 's',
      description: `median of ${REVISIONS} revisions, UpdateRevision(Finalized) answered to the object listed`,
      goal: { max: 5 },
    },
    'export.publish_to_object_max_s': {
      unit: 's',
      description: `slowest of the ${REVISIONS}`,
      goal: { max: 5 },
    },
  },
  async run() {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run npx nx run exporter:build first.`);
    const stackEnv = exporterStackEnv();
    const runId = `bench-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const s3 = stackS3Client();
    const source = `${runId}-src`;
    const destination = `${runId}-dst`;
    await createBucket(s3, source);
    await createBucket(s3, destination);
    // A database of the bench's own with the migration history applied.
    const database = await createTestDatabase('bench');
    const provider = new TestProvider(s3, source);
    let exporter: RunningService | undefined;
    try {
      const dataSetName = `export-bench-${runId}`;
      const owned = await provider.createDataSet(dataSetName);
      await provider.publishRevision(owned.id, { 'bench/0.csv': 'ts\n0\n' }, 'r0');
      const entitled = await provider.addToProduct(owned, dataSetName);

      exporter = await startService('exporter', {
        ...stackEnv,
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        EXPORTER_GROUP_ID: runId,
        EXPORTER_SUBSCRIPTIONS: JSON.stringify({
          subscriptions: [
            {
              name: 'bench',
              dataSet: entitled.Id,
              bucket: destination,
              keyPattern: '${Revision.Id}/${Asset.Name}',
            },
          ],
        }),
      });
      const base = `http://127.0.0.1:${exporter.httpPort}`;
      // Ready, r0 exported by the start-up reconciliation, and the event consumer reading.
      await eventually(
        'the exporter to export r0 and read events',
        async () => {
          const exports = (await getJson(`${base}/exports?status=SUCCEEDED`).catch(
            () => undefined,
          )) as { exports: unknown[] } | undefined;
          if (!exports || exports.exports.length < 1) return undefined;
          const metrics = await (await fetch(`${base}/metrics`)).text();
          return /exporter_exchange_events_total\{outcome="[a-z]+"\} [1-9]/.test(metrics)
            ? true
            : undefined;
        },
        120_000,
      );

      const seconds: number[] = [];
      for (let i = 1; i <= REVISIONS; i++) {
        const file = `bench/${i}.csv`;
        const published = await provider.publishRevision(
          owned.id,
          { [file]: `ts\n${i}\n` },
          `r${i}`,
        );
        const landed = await eventually(`${file} in the subscriber bucket`, async () => {
          const keys = await listKeys(s3, destination);
          return keys.some((key) => key.endsWith(`/${file}`)) ? Date.now() : undefined;
        });
        seconds.push((landed - published.publishedAt) / 1000);
      }
      process.stdout.write(
        `publication -> object (s): ${seconds.map((s) => s.toFixed(2)).join(' ')}\n`,
      );
      return {
        'export.publish_to_object_s': Number(median(seconds).toFixed(3)),
        'export.publish_to_object_max_s': Number(Math.max(...seconds).toFixed(3)),
      };
    } finally {
      await exporter?.stop();
      const admin = new Kafka({
        brokers: stackEnv.KAFKA_BROKERS?.split(',') ?? [],
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      await admin.deleteGroups([runId]).catch(() => undefined);
      await admin.disconnect();
      provider.destroy();
      await database.drop().catch(() => undefined);
      for (const bucket of [source, destination])
        await deleteBucket(s3, bucket).catch(() => undefined);
      s3.destroy();
    }
  },
});
