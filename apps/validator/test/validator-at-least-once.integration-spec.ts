import type { INestApplication } from '@nestjs/common';
import type { Envelope } from '@tickline/domain';
import type { Producer } from 'kafkajs';

import {
  ingesterProducer,
  readTopic,
  stackVariables,
  testKafka,
  waitForGroupCaughtUp,
} from './kafka.support';
import { capturedBy, expectedValid, type ScriptedEvent, VenueScript } from './venue-script.fixture';
import { publishRaw, sorted, startApp, validatorRun, validByMarket } from './validator-run.support';

jest.setTimeout(180_000);

const { runId, topics } = validatorRun('validator-alo');

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

  const publish = (producer: Producer, envelopes: readonly Envelope[]): Promise<void> =>
    publishRaw(producer, topics.raw, envelopes);

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
    app = await startApp(env);
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
    app = await startApp(env);
    await waitForGroupCaughtUp(kafka, runId, topics.raw);

    expect(sorted(validByMarket(await readTopic(kafka, topics.valid)))).toEqual(
      sorted(expectedValid([...first, ...second])),
    );
    expect(
      (await readTopic(kafka, topics.deadLetters)).map(
        (record) => record.headers['validator-rule'],
      ),
    ).toEqual(['crossed_book']);
  });
});
