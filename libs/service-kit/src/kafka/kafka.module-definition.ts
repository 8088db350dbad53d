import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { KafkaConfig as KafkaJsConfig } from 'kafkajs';

export interface KafkaModuleOptions {
  /** kafkajs client options; `kafkaClientOptions(config)` builds them from validated env. */
  client: KafkaJsConfig;
  /** Replication factor override for topic bootstrap (KAFKA_TOPIC_REPLICATION_FACTOR). */
  topicReplicationFactor?: number;
}

export const {
  ConfigurableModuleClass: KafkaConfigurableModule,
  MODULE_OPTIONS_TOKEN: KAFKA_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<KafkaModuleOptions>()
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
