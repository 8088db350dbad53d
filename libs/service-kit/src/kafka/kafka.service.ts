import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { TOPIC_SPECS } from '@tickline/domain';
import type { Admin, Consumer, ConsumerConfig, Kafka, Producer, ProducerConfig } from 'kafkajs';

import { ProbeRegistry } from '../health/probe-registry.service';
import { DRAIN_ORDER, DrainService } from '../shutdown/drain.service';
import { createConsumer, createKafkaClient, createProducer } from './kafka-client.factory';
import { KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from './kafka.module-definition';
import { ensureTopics, type TopicBootstrapResult } from './topic-bootstrap.util';
import type { TopicSpec } from './topic-spec.type';

/**
 * One kafkajs client per service, and every producer, consumer and admin made from it, so
 * shutdown can close them all. Consumers are stopped in the drain phase (kafkajs finishes the
 * batch in hand and commits its offsets); producers and admins close after the HTTP server.
 */
@Injectable()
export class KafkaService implements OnModuleInit, OnApplicationShutdown {
  readonly client: Kafka;
  private readonly logger = new Logger(KafkaService.name);
  private readonly consumers: Consumer[] = [];
  private readonly others: (Producer | Admin)[] = [];
  private probeAdmin: Admin | undefined;

  constructor(
    @Inject(KAFKA_MODULE_OPTIONS) private readonly options: KafkaModuleOptions,
    private readonly drain: DrainService,
    private readonly probes: ProbeRegistry,
  ) {
    this.client = createKafkaClient(options.client);
  }

  onModuleInit(): void {
    this.probes.register({ name: 'kafka', check: () => this.checkReady() });
  }

  /** Idempotent, acks=all producer (see createProducer); connect it before sending. */
  producer(overrides: ProducerConfig = {}): Producer {
    const producer = createProducer(this.client, overrides);
    this.others.push(producer);
    return producer;
  }

  /** A consumer that is stopped, with its offsets committed, when the service drains. */
  consumer(config: ConsumerConfig): Consumer {
    const consumer = createConsumer(this.client, config);
    this.consumers.push(consumer);
    this.drain.register(`kafka consumer ${config.groupId}`, () => consumer.disconnect(), {
      order: DRAIN_ORDER.stopIntake,
    });
    return consumer;
  }

  admin(): Admin {
    const admin = this.client.admin();
    this.others.push(admin);
    return admin;
  }

  /** Creates the missing topics of `specs`, by default the platform's TOPIC_SPECS. */
  async ensureTopics(specs: readonly TopicSpec[] = TOPIC_SPECS): Promise<TopicBootstrapResult> {
    const admin = this.client.admin();
    await admin.connect();
    try {
      return await ensureTopics(admin, specs, {
        logger: this.logger,
        replicationFactor: this.options.topicReplicationFactor,
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** Readiness: a metadata round trip to the cluster, failing fast rather than retrying. */
  private async checkReady(): Promise<void> {
    this.probeAdmin ??= this.client.admin({ retry: { retries: 0 } });
    await this.probeAdmin.connect();
    await this.probeAdmin.describeCluster();
  }

  async onApplicationShutdown(): Promise<void> {
    const all = [...this.consumers, ...this.others, ...(this.probeAdmin ? [this.probeAdmin] : [])];
    for (const client of all) {
      try {
        await client.disconnect();
      } catch (error) {
        this.logger.warn(
          `Kafka client did not disconnect cleanly: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
