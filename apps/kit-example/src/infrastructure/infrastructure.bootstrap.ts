import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { databaseReadinessProbe, PrismaService } from '@tickline/db';
import { TOPIC_SPECS } from '@tickline/domain';
import {
  ConfigService,
  KafkaService,
  ProbeRegistry,
  S3Service,
  type TopicSpec,
} from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';

/**
 * Start-up setup, before any consumer subscribes: the database readiness probe, missing Kafka
 * topics (the platform's TOPIC_SPECS and the example's own topic) and the example bucket.
 */
@Injectable()
export class InfrastructureBootstrap implements OnModuleInit {
  private readonly logger = new Logger(InfrastructureBootstrap.name);

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly kafka: KafkaService,
    private readonly prisma: PrismaService,
    private readonly probes: ProbeRegistry,
    private readonly s3: S3Service,
  ) {}

  async onModuleInit(): Promise<void> {
    this.probes.register(databaseReadinessProbe(this.prisma));

    const greetingsTopic: TopicSpec = {
      name: this.config.get('EXAMPLE_TOPIC'),
      partitions: this.config.get('EXAMPLE_TOPIC_PARTITIONS'),
      replicationFactor: 1,
      config: { 'cleanup.policy': 'delete', 'retention.ms': String(24 * 3_600_000) },
      description: 'Greetings sent through the kit-example REST endpoint.',
    };
    const result = await this.kafka.ensureTopics([...TOPIC_SPECS, greetingsTopic]);
    this.logger.log(
      `Topic bootstrap: ${result.created.length} created, ${result.existing.length} existing.`,
    );

    const bucket = this.config.get('EXAMPLE_BUCKET');
    try {
      if (await this.s3.ensureBucket(bucket)) {
        this.logger.log(`Created bucket ${bucket}.`);
      }
    } catch (error) {
      // Not fatal: the s3 readiness probe keeps the service out of rotation until S3 answers.
      this.logger.error(
        `Could not ensure bucket ${bucket}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
