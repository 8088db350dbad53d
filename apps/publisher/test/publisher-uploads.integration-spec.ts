// Publish on upload: objects under incoming/<dataSet>/ become revisions, each object once, even
// with two publisher instances scanning the same prefix; bad uploads are quarantined and alerted.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type Alert, parseAlert } from '@tickline/domain';
import { Kafka } from 'kafkajs';
import { freePort, requireEnv } from '@tickline/testing';

import {
  assetsOf,
  createTestbed,
  eventually,
  ownedDataSet,
  PublisherProcess,
  revisionsOf,
  type Testbed,
} from './support/publisher-testbed';

jest.setTimeout(240_000);

interface UploadView {
  key: string;
  status: string;
  reason: string | null;
  runId: string | null;
  dataSet: string;
}

describe('publish on upload (polling scanner, two instances)', () => {
  let testbed: Testbed;
  let first: PublisherProcess;
  let second: PublisherProcess;
  const alerts: Alert[] = [];
  let stopConsumer: () => Promise<void>;

  const put = (key: string, body: string | Buffer) =>
    testbed.s3.send(new PutObjectCommand({ Bucket: testbed.productBucket, Key: key, Body: body }));
  const uploads = async () =>
    (await first.request<{ uploads: UploadView[] }>('GET', '/uploads')).body.uploads;

  beforeAll(async () => {
    testbed = await createTestbed(['uploads']);
    const topic = `publisher-upload-alerts-${testbed.id}`;
    const kafka = new Kafka({ brokers: requireEnv('KAFKA_BROKERS').split(','), logLevel: 0 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: `publisher-upload-test-${testbed.id}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        alerts.push(parseAlert(JSON.parse(message.value?.toString() ?? '')));
      },
    });
    stopConsumer = () => consumer.disconnect();
    const env = testbed.env({
      PUBLISHER_UPLOADS_ENABLED: 'true',
      PUBLISHER_UPLOAD_SCAN_INTERVAL: '300ms',
      PUBLISHER_ALERTS_TOPIC: topic,
    });
    [first, second] = await Promise.all([
      PublisherProcess.start(env, await freePort()),
      PublisherProcess.start(env, await freePort()),
    ]);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await stopConsumer?.();
    await testbed?.close();
  });

  it('makes three revisions of three uploads, and one of an upload seen again', async () => {
    const dataSet = testbed.dataSets[0] as string;
    const keys = ['a.csv', 'b.csv', 'nested/c.csv'].map((name) => `incoming/${dataSet}/${name}`);
    for (const [i, key] of keys.entries()) await put(key, `id,value\n${i},${i * 10}\n`);

    await eventually(
      'three published uploads',
      async () => {
        const list = await uploads();
        return list.filter((u) => u.status === 'PUBLISHED').length === 3 ? list : undefined;
      },
      120_000,
    );
    // Both instances keep scanning the same objects; the same object again (same etag) too.
    await put(keys[0] as string, 'id,value\n0,0\n');
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const list = await uploads();
    expect(list.map((u) => [u.key, u.status]).sort()).toEqual(
      keys.map((k) => [k, 'PUBLISHED']).sort(),
    );
    const owned = await ownedDataSet(testbed.provider, dataSet);
    const revisions = await revisionsOf(testbed.provider, owned.Id as string);
    expect(revisions).toHaveLength(3);
    const names: string[] = [];
    for (const revision of revisions) {
      expect(revision.Finalized).toBe(true);
      const assets = await assetsOf(testbed.provider, owned.Id as string, revision.Id as string);
      expect(assets).toHaveLength(1);
      names.push(assets[0]?.Name as string);
    }
    expect(names.sort()).toEqual([...keys].sort());

    // A replaced object (new content, new etag) is a new upload: one more revision.
    await put(keys[1] as string, 'id,value\n1,11\n');
    await eventually('the replaced object to be published', async () =>
      (await uploads()).filter((u) => u.status === 'PUBLISHED').length === 4 ? true : undefined,
    );
    expect(await revisionsOf(testbed.provider, owned.Id as string)).toHaveLength(4);
  });

  it('quarantines uploads it cannot publish, with an alert, and publishes nothing for them', async () => {
    await put(`incoming/no-such-data-set/x.csv`, 'a\n1\n');
    await put(`incoming/${testbed.dataSets[0]}/empty.csv`, Buffer.alloc(0));
    await put(`incoming/loose-file.csv`, 'a\n1\n');
    const quarantined = await eventually('three quarantined uploads', async () => {
      const list = (await uploads()).filter((u) => u.status === 'QUARANTINED');
      return list.length === 3 ? list : undefined;
    });
    expect(quarantined.map((u) => [u.key, u.runId]).sort()).toEqual(
      [
        ['incoming/loose-file.csv', null],
        ['incoming/no-such-data-set/x.csv', null],
        [`incoming/${testbed.dataSets[0]}/empty.csv`, null],
      ].sort(),
    );
    expect(quarantined.find((u) => u.key.endsWith('empty.csv'))?.reason).toBe(
      'the object is empty',
    );
    await eventually('three quarantine alerts', async () =>
      alerts.filter((a) => a.kind === 'quarantined_input').length >= 3 ? true : undefined,
    );
    expect(alerts.filter((a) => a.kind === 'quarantined_input')).toHaveLength(3);
    const owned = await ownedDataSet(testbed.provider, testbed.dataSets[0] as string);
    expect(await revisionsOf(testbed.provider, owned.Id as string)).toHaveLength(4);
  });
});
