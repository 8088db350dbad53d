import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TOPICS, topicSpec } from '@tickline/domain';
import { ConfigService, KafkaService, type TopicSpec } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';

/** Creates the valid and snapshot topics (under their configured names) when missing. */
@Injectable()
export class CacheTopicsBootstrap implements OnModuleInit {
  private readonly logger = new Logger(CacheTopicsBootstrap.name);

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly kafka: KafkaService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.get('CACHE_CREATE_TOPICS')) return;
    const specs: TopicSpec[] = [
      { ...topicSpec(TOPICS.validEvents), name: this.config.get('CACHE_VALID_TOPIC') },
      { ...topicSpec(TOPICS.cacheSnapshots), name: this.config.get('CACHE_SNAPSHOT_TOPIC') },
    ];
    const result = await this.kafka.ensureTopics(specs);
    this.logger.log(
      `Topic bootstrap: ${result.created.length} created, ${result.existing.length} existing.`,
    );
  }
}
