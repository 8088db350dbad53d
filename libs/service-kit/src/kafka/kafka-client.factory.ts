import { Logger } from '@nestjs/common';
import {
  Kafka,
  type Consumer,
  type ConsumerConfig,
  type KafkaConfig as KafkaJsConfig,
  type Producer,
  type ProducerConfig,
  type SASLOptions,
} from 'kafkajs';

import type { ServiceConfig } from '../config/service-config.schema';
import type { KafkaConfig } from './kafka-config.schema';
import { kafkaLogCreator, kafkaLogLevel, type KafkaLogSink } from './kafka-logger.util';
import { MemoizedDefaultPartitioner } from './memoized-partitioner.util';

/** kafkajs client options from validated config (see kafkaConfigFields). */
export function kafkaClientOptions(
  config: KafkaConfig & Pick<ServiceConfig, 'SERVICE_NAME' | 'LOG_LEVEL'>,
  sink: KafkaLogSink = new Logger('kafkajs'),
): KafkaJsConfig {
  return {
    brokers: [...config.KAFKA_BROKERS],
    clientId: config.KAFKA_CLIENT_ID ?? config.SERVICE_NAME,
    ssl: config.KAFKA_SSL,
    ...(config.KAFKA_SASL_MECHANISM ? { sasl: saslOptions(config) } : {}),
    connectionTimeout: config.KAFKA_CONNECTION_TIMEOUT,
    requestTimeout: config.KAFKA_REQUEST_TIMEOUT,
    retry: {
      initialRetryTime: config.KAFKA_RETRY_INITIAL,
      maxRetryTime: config.KAFKA_RETRY_MAX,
      retries: config.KAFKA_RETRIES,
    },
    logLevel: kafkaLogLevel(config.LOG_LEVEL),
    logCreator: kafkaLogCreator(sink),
  };
}

function saslOptions(config: KafkaConfig): SASLOptions {
  const username = config.KAFKA_SASL_USERNAME ?? '';
  const password = config.KAFKA_SASL_PASSWORD ?? '';
  switch (config.KAFKA_SASL_MECHANISM) {
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      return { mechanism: 'plain', username, password };
  }
}

export function createKafkaClient(options: KafkaJsConfig): Kafka {
  return new Kafka(options);
}

/**
 * A producer that writes each message exactly once per partition and in order: idempotent
 * (acks=all), retrying without limit as kafkajs requires for that guarantee (so a send waits
 * out a broker outage instead of failing; back-off still follows KAFKA_RETRY_*), one request
 * in flight so a retry cannot reorder a key's messages, no topic auto-creation (topics come
 * from bootstrap), and the Java client's murmur2 partitioner so a key lands on the same
 * partition whichever client wrote it.
 */
export function createProducer(kafka: Kafka, overrides: ProducerConfig = {}): Producer {
  const idempotent = overrides.idempotent ?? true;
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: MemoizedDefaultPartitioner,
    idempotent,
    maxInFlightRequests: 1,
    ...overrides,
    ...(idempotent ? { retry: { retries: Number.MAX_SAFE_INTEGER, ...overrides.retry } } : {}),
  });
}

/**
 * A consumer-group member; offsets are committed by kafkajs after each handled batch. Fetches
 * wait at most 1 s for data (kafkajs default 5 s) because stopping waits for the fetch in
 * flight: this keeps the drain at shutdown short.
 */
export function createConsumer(kafka: Kafka, config: ConsumerConfig): Consumer {
  return kafka.consumer({
    allowAutoTopicCreation: false,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 1_000,
    sessionTimeout: 30_000,
    ...config,
  });
}
