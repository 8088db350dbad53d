import { parseConfig } from '@tickline/service-kit';

import { appConfigSchema } from './app-config.schema';
import { validationSettings } from './pipeline/validation-settings.util';
import { validatorTopicSpecs } from './infrastructure/validator-topics.util';

describe('validator configuration', () => {
  it('defaults to the platform topics and turns durations into the core settings', () => {
    const config = parseConfig(appConfigSchema, {
      KAFKA_BROKERS: '127.0.0.1:9092',
      HOSTNAME: 'validator-0',
    });
    expect(config).toMatchObject({
      SERVICE_NAME: 'validator',
      PORT: 3200,
      VALIDATOR_RAW_TOPIC: 'md.events.raw.v1',
      VALIDATOR_VALID_TOPIC: 'md.events.valid.v1',
      VALIDATOR_DEAD_LETTER_TOPIC: 'md.events.dlq.v1',
      VALIDATOR_ALERTS_TOPIC: 'md.alerts.v1',
      VALIDATOR_GROUP_ID: 'validator',
      VALIDATOR_ENSURE_TOPICS: true,
      VALIDATOR_EXACTLY_ONCE: true,
      VALIDATOR_PARTITIONS_CONCURRENTLY: 6,
      VALIDATOR_SESSION_TIMEOUT: 30_000,
    });
    const settings = validationSettings(config);
    expect(settings).toMatchObject({
      service: 'validator',
      instance: 'validator-0',
      maxFutureSkewUs: 5_000_000,
      maxEventAgeUs: 300_000_000,
      dedupeWindow: 4096,
      maxMarkets: 20_000,
      maxBookDepth: 5000,
    });
    expect(validatorTopicSpecs(config).map((spec) => [spec.name, spec.partitions])).toEqual([
      ['md.events.raw.v1', 6],
      ['md.events.valid.v1', 6],
      ['md.events.dlq.v1', 3],
      ['md.alerts.v1', 3],
    ]);
  });

  it('takes run-specific topic names and rejects bad ones with the variable named', () => {
    const config = parseConfig(appConfigSchema, {
      KAFKA_BROKERS: '127.0.0.1:9092',
      VALIDATOR_RAW_TOPIC: 'run-1.raw',
      VALIDATOR_MAX_EVENT_AGE: '0',
    });
    expect(validatorTopicSpecs(config)[0]).toMatchObject({
      name: 'run-1.raw',
      config: { 'cleanup.policy': 'delete' },
    });
    expect(validationSettings(config).maxEventAgeUs).toBe(0);
    expect(() =>
      parseConfig(appConfigSchema, {
        KAFKA_BROKERS: '127.0.0.1:9092',
        VALIDATOR_VALID_TOPIC: 'no spaces',
      }),
    ).toThrow(/VALIDATOR_VALID_TOPIC is invalid: expected a Kafka topic name/);
  });
});
