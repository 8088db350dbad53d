import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { type Envelope, parseCanonicalJson, toCanonicalJson } from '@tickline/domain';
import { createServiceApp } from '@tickline/service-kit';
import type { Producer } from 'kafkajs';

import { AppModule } from '../src/app.module';
import {
  ingesterProducer,
  readTopic,
  stackVariables,
  testKafka,
  waitForGroupCaughtUp,
} from './kafka.support';
import {
  capturedBy,
  expectedValid,
  type ScriptedEvent,
  venueForm,
  VenueScript,
} from './venue-script.fixture';

jest.setTimeout(180_000);

const runId = `validator-alo-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const topics = {
  raw: `${runId}.raw`,
  valid: `${runId}.valid`,
  deadLetters: `${runId}.dlq`,
  alerts: `${runId}.alerts`,
};

describe('validator without transactions (VALIDATOR_EXACTLY_ONCE=false)', () => {
  const stack = stackVariables();
  const kafka = testKafka(stack);
  const env: Record<string, string> = {
    ...stack,
    LOG_LEVEL: 'warn',
    VALIDATOR_EXACTLY_ONCE: 'false',
    VALIDATOR_RAW_TOPIC: topics.raw,
    VALIDATOR_VALID_TOPIC: topics.valid,
    VALIDATOR_DEAD_LETTER_TOPIC: topics.deadLetters,
    VALIDATOR_ALERTS_TOPIC: topics.alerts,
    VALIDATOR_GROUP_ID: runId,
  };
  let producers: Producer[] = [];
  let app: INestApplication | undefined;

  async function publish(producer: Producer, envelopes: readonly Envelope[]): Promise<void> {
    for (let i = 0; i < envelopes.length; i += 25) {
      await producer.send({
        topic: topics.raw,
        messages: envelopes.slice(i, i + 25).map((envelope) => ({
          key: `${envelope.venue}:${envelope.symbol}`,
          value: toCanonicalJson(envelope),
        })),
      });
    }
  }

  async function start(): Promise<INestApplication> {
    const started = await createServiceApp(AppModule.forRoot({ env }));
    await started.listen(0, '127.0.0.1');
    return started;
  }

  afterAll(async () => {
    await app?.close();
    await Promise.all(producers.map((producer) => producer.disconnect()));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([runId]).catch(() => undefined);
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('still publishes each event once across a restart, committing offsets after the outputs', async () => {
    producers = await Promise.all([ingesterProducer(kafka), ingesterProducer(kafka)]);
    const [a, b] = producers as [Producer, Producer];
    const script = new VenueScript(7);
    const first: ScriptedEvent[] = [
      ...script.opening(),
      ...script.events(300),
      script.okxCrossed(),
    ];
    const fromB = capturedBy(first, 'ingestor-b');
    app = await start();
    await Promise.all([
      publish(a, capturedBy(first, 'ingestor-a')),
      publish(b, fromB.slice(0, 250)),
    ]);
    await waitForGroupCaughtUp(kafka, runId, topics.raw);
    await app.close();

    const second = script.events(300);
    await Promise.all([
      publish(b, fromB.slice(250)),
      publish(a, capturedBy(second, 'ingestor-a')),
      publish(b, capturedBy(second, 'ingestor-b')),
    ]);
    app = await start();
    await waitForGroupCaughtUp(kafka, runId, topics.raw);

    const byMarket = new Map<string, string[]>();
    for (const record of await readTopic(kafka, topics.valid)) {
      const key = record.key as string;
      byMarket.set(key, [
        ...(byMarket.get(key) ?? []),
        venueForm(parseCanonicalJson(record.value)),
      ]);
    }
    const sort = (map: Map<string, string[]>) => [...map].sort(([x], [y]) => x.localeCompare(y));
    expect(sort(byMarket)).toEqual(sort(expectedValid([...first, ...second])));
    expect(
      (await readTopic(kafka, topics.deadLetters)).map(
        (record) => record.headers['validator-rule'],
      ),
    ).toEqual(['crossed_book']);
  });
});
