import { hostname } from 'node:os';

import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TOPICS, topicSpec } from '@tickline/domain';
import {
  ConfigService,
  DRAIN_ORDER,
  DrainService,
  KafkaService,
  ProbeRegistry,
} from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { AlertBuffer, parseAlert } from './alert-buffer.model';

/**
 * Reads the alerts topic from the moment the console starts (its own consumer group, deleted
 * when it stops) into a bounded buffer the page polls.
 */
@Injectable()
export class AlertsFeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertsFeedService.name);
  readonly buffer: AlertBuffer;
  private readonly topic: string;
  private readonly groupId: string;
  private running = false;

  constructor(
    private readonly kafka: KafkaService,
    private readonly drain: DrainService,
    probes: ProbeRegistry,
    config: ConfigService<AppConfig>,
  ) {
    this.buffer = new AlertBuffer(config.get('CONSOLE_ALERTS_KEPT'));
    this.topic = config.get('CONSOLE_ALERTS_TOPIC');
    this.groupId = `${config.get('CONSOLE_GROUP_PREFIX')}.${hostname()}.${process.pid}.${Date.now()}`;
    probes.register({
      name: 'alerts',
      check: async () => {
        if (!this.running) throw new Error(`not reading ${this.topic} yet`);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Created like the producers do, so the console may start before any of them.
    await this.kafka.ensureTopics([{ ...topicSpec(TOPICS.alerts), name: this.topic }]);
    const admin = this.kafka.admin();
    await admin.connect();
    this.drain.register(
      'console consumer group',
      () =>
        admin.deleteGroups([this.groupId]).then(
          () => undefined,
          () => undefined,
        ),
      { order: DRAIN_ORDER.release },
    );
    const consumer = this.kafka.consumer({ groupId: this.groupId });
    consumer.on(consumer.events.GROUP_JOIN, () => (this.running = true));
    consumer.on(consumer.events.CRASH, (event) => {
      this.running = false;
      this.logger.error(`The alerts reader crashed: ${String(event.payload.error)}`);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const alert = parseAlert(message.value);
        if (alert) this.buffer.add(alert);
      },
    });
    this.logger.log(`Reading alerts from ${this.topic} (group ${this.groupId}).`);
  }
}
