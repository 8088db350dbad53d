import { CreateEventActionCommand, ListDataSetsCommand } from '@aws-sdk/client-dataexchange';
import { parseExchangeEvent, parseRevisionPublishedDetail } from '@tickline/domain';
import { type Consumer, Kafka, logLevel } from 'kafkajs';

import { eventually, type Harness, stackEnv, startHarness } from './support/exchange-harness.util';
import { applyChange, createDataSet, revisionWithFiles } from './support/flows.util';
import { SUBSCRIBER } from './support/test-accounts.fixture';

jest.setTimeout(120_000);

interface Received {
  key: string;
  event: ReturnType<typeof parseExchangeEvent>;
}

describe('events on Kafka in the EventBridge envelope', () => {
  let harness: Harness;
  let consumer: Consumer;
  const received: Received[] = [];

  beforeAll(async () => {
    const env = stackEnv();
    if (!env.kafkaBrokers)
      throw new Error('The events test needs KAFKA_BROKERS (npm run -s stack -- env).');
    harness = await startHarness({ kafka: true });
    const kafka = new Kafka({
      clientId: `exchange-events-test-${harness.runId}`,
      brokers: env.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: harness.config.eventsTopic, numPartitions: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    consumer = kafka.consumer({ groupId: `exchange-events-test-${harness.runId}` });
    await consumer.connect();
    await consumer.subscribe({ topic: harness.config.eventsTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({
          key: message.key?.toString() ?? '',
          event: parseExchangeEvent(JSON.parse(message.value?.toString() ?? '')),
        });
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    if (harness) {
      const env = stackEnv();
      const admin = new Kafka({
        clientId: 'exchange-events-cleanup',
        brokers: env.kafkaBrokers ?? [],
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [harness.config.eventsTopic] }).catch(() => undefined);
      await admin.disconnect();
      await harness.cleanup();
    }
  });

  it('emits publication and auto-export events that satisfy the shared event contract', async () => {
    const provider = harness.dataExchange();
    const dataSet = await createDataSet(provider, 'Evented');
    await revisionWithFiles(
      harness,
      provider,
      dataSet.id,
      { 'e1.csv': 'one' },
      { comment: 'first' },
    );
    await applyChange(harness.catalog(), harness.productId, 'AddDataSets', {
      DataSets: [{ Arn: dataSet.arn }],
    });
    const subscriber = harness.dataExchange(SUBSCRIBER);
    const entitledId = (await subscriber.send(new ListDataSetsCommand({}))).DataSets?.[0]
      ?.Id as string;
    await subscriber.send(
      new CreateEventActionCommand({
        Event: { RevisionPublished: { DataSetId: entitledId } },
        Action: {
          ExportRevisionToS3: { RevisionDestination: { Bucket: harness.destinationBucket } },
        },
      }),
    );
    await revisionWithFiles(
      harness,
      provider,
      dataSet.id,
      { 'e2.csv': 'two' },
      { comment: 'second' },
    );

    const byType = await eventually(async () => {
      const types = received.map((message) => message.event['detail-type']);
      return types.includes('Auto-export Job Completed') ? received : undefined;
    });
    const types = byType.map((message) => message.event['detail-type']);
    expect(types.filter((type) => type === 'Data Sets Published To Product')).toHaveLength(1);
    expect(types.filter((type) => type === 'Revision Published To Data Set')).toHaveLength(2);

    const published = byType.filter(
      (message) => message.event['detail-type'] === 'Revision Published To Data Set',
    );
    for (const message of published) {
      expect(message.event).toMatchObject({
        source: 'aws.dataexchange',
        account: SUBSCRIBER.accountId,
        region: 'us-east-1',
        resources: [entitledId],
      });
      expect(message.key).toBe(entitledId);
      const detail = parseRevisionPublishedDetail(message.event.detail);
      expect(detail.Product).toEqual({ Id: harness.productId, Name: expect.any(String) });
      expect(detail.DataSets).toEqual([{ Id: entitledId, Name: 'Evented' }]);
    }
    expect(
      published.map(
        (message) => parseRevisionPublishedDetail(message.event.detail).Revisions?.[0]?.Comment,
      ),
    ).toEqual(['first', 'second']);
    const autoExport = byType.find(
      (message) => message.event['detail-type'] === 'Auto-export Job Completed',
    );
    expect(autoExport?.event.resources).toEqual([harness.productId]);
    expect(autoExport?.event.detail).toMatchObject({
      DataSetIds: [entitledId],
      Product: { Id: harness.productId },
    });
    expect(new Set(byType.map((message) => message.event.id)).size).toBe(byType.length);
  });
});
