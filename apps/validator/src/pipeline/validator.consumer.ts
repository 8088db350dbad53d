import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ConfigService, KafkaService, ProbeRegistry } from '@tickline/service-kit';
import type { Consumer } from 'kafkajs';

import type { AppConfig } from '../app-config.schema';
import { PartitionAssignments } from './partition-assignments.service';

/**
 * The consumer-group member over the raw topic: replicas share the group, so raw partitions
 * spread over them. Offsets are never auto-committed: each batch's transaction carries them.
 * KafkaService stops the consumer first when the service drains, after the batch in hand has
 * been committed.
 */
@Injectable()
export class ValidatorConsumer implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(ValidatorConsumer.name);
  private readonly consumer: Consumer;
  private readonly topic: string;
  private readonly groupId: string;
  private readonly concurrency: number;
  private joined = false;
  private failure: string | undefined;

  constructor(
    config: ConfigService<AppConfig>,
    kafka: KafkaService,
    private readonly assignments: PartitionAssignments,
    private readonly probes: ProbeRegistry,
  ) {
    this.topic = config.get('VALIDATOR_RAW_TOPIC');
    this.groupId = config.get('VALIDATOR_GROUP_ID');
    this.concurrency = config.get('VALIDATOR_PARTITIONS_CONCURRENTLY');
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: config.get('VALIDATOR_SESSION_TIMEOUT'),
    });
  }

  onModuleInit(): void {
    this.probes.register({
      name: 'validator',
      check: async () => {
        if (this.failure !== undefined)
          throw new Error(`The raw consumer stopped: ${this.failure}`);
        if (!this.joined) throw new Error(`Not yet a member of consumer group ${this.groupId}.`);
      },
    });
  }

  /** After every module's init, so the topics exist. */
  async onApplicationBootstrap(): Promise<void> {
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[this.topic] ?? [];
      this.assignments.assign(partitions);
      this.joined = true;
      this.failure = undefined;
      this.logger.log(
        `Joined group ${this.groupId} with ${this.topic} partitions [${partitions.join(', ')}].`,
      );
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.logger.error(
        `The raw consumer crashed (${payload.restart ? 'restarting' : 'not restarting'}): ${payload.error.message}`,
      );
      if (!payload.restart) this.failure = payload.error.message;
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.concurrency,
      eachBatch: (payload) => this.assignments.process(payload),
    });
  }
}
