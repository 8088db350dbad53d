import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { databaseReadinessProbe, PrismaService } from '@tickline/db';
import { TOPICS, topicSpec } from '@tickline/domain';
import { ConfigService, KafkaService, ProbeRegistry } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';

/** The database readiness probe and the two topics the exporter uses, before anything consumes. */
@Injectable()
export class InfrastructureBootstrap implements OnModuleInit {
  private readonly logger = new Logger(InfrastructureBootstrap.name);

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly kafka: KafkaService,
    private readonly prisma: PrismaService,
    private readonly probes: ProbeRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.probes.register(databaseReadinessProbe(this.prisma));
    const result = await this.kafka.ensureTopics([
      { ...topicSpec(TOPICS.exchangeEvents), name: this.config.get('EXPORTER_EVENTS_TOPIC') },
      { ...topicSpec(TOPICS.alerts), name: this.config.get('EXPORTER_ALERTS_TOPIC') },
    ]);
    this.logger.log(
      `Topic bootstrap: ${result.created.length} created, ${result.existing.length} existing.`,
    );
  }
}
