// An isolated run (tests) leaves nothing behind: its topics, consumer groups, lake bucket and
// database schema go once its services have stopped.
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

import type { RunNames } from './service-plan';

export async function removeIsolatedRun(
  stackEnv: Record<string, string>,
  s3: S3Client,
  names: RunNames,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'main-job-cleanup',
    brokers: stackEnv.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((id) => id.startsWith(names.group));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    const topics = [
      names.rawTopic,
      names.validTopic,
      names.alertTopic,
      names.deadLetterTopic,
      names.snapshotTopic,
    ];
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  for (const bucket of [names.lakeBucket, names.productBucket, names.subscriberBucket]) {
    await emptyAndDeleteBucket(s3, bucket);
  }
  const db = new Client({ connectionString: stackEnv.DATABASE_URL });
  await db.connect();
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${names.dbSchema}" CASCADE`);
  } finally {
    await db.end();
  }
}

async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket })).catch(() => undefined);
    const keys = (page?.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
}
