import { DynamicModule, Module } from '@nestjs/common';

import { ConfigService } from '../config/config.service';
import type { ServiceConfig } from '../config/service-config.schema';
import { HealthModule } from '../health/health.module';
import { ShutdownModule } from '../shutdown/shutdown.module';
import { kafkaClientOptions } from './kafka-client.factory';
import type { KafkaConfig } from './kafka-config.schema';
import { KafkaConfigurableModule } from './kafka.module-definition';
import { KafkaService } from './kafka.service';

/**
 * Provides KafkaService and registers the `kafka` readiness probe. `register`/`registerAsync`
 * take explicit options; `forRoot()` builds them from the validated config.
 */
@Module({
  exports: [KafkaService],
  imports: [HealthModule, ShutdownModule],
  providers: [KafkaService],
})
export class KafkaModule extends KafkaConfigurableModule {
  static forRoot(extras: { isGlobal?: boolean } = {}): DynamicModule {
    return KafkaModule.registerAsync({
      ...extras,
      inject: [ConfigService],
      useFactory: (config: ConfigService<KafkaConfig & ServiceConfig>) => {
        const values = config.all();
        if (values.KAFKA_BROKERS === undefined) {
          throw new Error(
            'KafkaModule.forRoot() needs the Kafka variables: spread kafkaConfigFields() into the config schema.',
          );
        }
        return {
          client: kafkaClientOptions(values),
          topicReplicationFactor: values.KAFKA_TOPIC_REPLICATION_FACTOR,
        };
      },
    });
  }
}
