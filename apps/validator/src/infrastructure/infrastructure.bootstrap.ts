import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService, KafkaService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { validatorTopicSpecs } from './validator-topics.util';

/**
 * Creates the validator's four topics when missing (with the platform's partitions and
 * configs, under the configured names), and warns when the raw and valid topics differ in
 * partition count: the state rebuild then has to read every valid partition.
 */
@Injectable()
export class InfrastructureBootstrap implements OnModuleInit {
  private readonly logger = new Logger(InfrastructureBootstrap.name);

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly kafka: KafkaService,
  ) {}

  async onModuleInit(): Promise<void> {
    const specs = validatorTopicSpecs(this.config.all());
    if (this.config.get('VALIDATOR_ENSURE_TOPICS')) {
      const result = await this.kafka.ensureTopics(specs);
      this.logger.log(
        `Topic bootstrap: ${result.created.length} created, ${result.existing.length} existing.`,
      );
    }
    const admin = this.kafka.client.admin();
    await admin.connect();
    try {
      const raw = this.config.get('VALIDATOR_RAW_TOPIC');
      const valid = this.config.get('VALIDATOR_VALID_TOPIC');
      const { topics } = await admin.fetchTopicMetadata({ topics: [raw, valid] });
      const count = (name: string) =>
        topics.find((topic) => topic.name === name)?.partitions.length;
      if (count(raw) !== count(valid)) {
        this.logger.warn(
          `${raw} has ${count(raw)} partitions and ${valid} ${count(valid)}: a state rebuild reads every partition of ${valid}. Give both the same count.`,
        );
      }
    } finally {
      await admin.disconnect();
    }
  }
}
