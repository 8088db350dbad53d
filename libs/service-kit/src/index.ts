export { bootstrapService, createServiceApp } from './bootstrap/bootstrap-service.util';
export type { BootstrapOptions, ServiceAppOptions } from './bootstrap/bootstrap-service.util';
export { ServiceRootModule } from './bootstrap/service-root.module';

export {
  booleanField,
  brokerListField,
  durationField,
  fieldMetadata,
  integerField,
  LOG_LEVELS,
  logLevelField,
  portField,
  secretField,
  urlField,
} from './config/config-fields.util';
export { ConfigModule } from './config/config.module';
export type { ConfigModuleOptions } from './config/config.module';
export { ConfigService } from './config/config.service';
export { ConfigValidationError } from './config/config-validation.error';
export { databaseConfigFields } from './config/database-config.schema';
export type { DatabaseConfig } from './config/database-config.schema';
export { parseConfig, redactConfig } from './config/parse-config.util';
export type { Env } from './config/parse-config.util';
export { serviceConfigFields } from './config/service-config.schema';
export type { ServiceConfig, ServiceConfigDefaults } from './config/service-config.schema';

export { databaseProbe } from './health/database-probe.util';
export { EventLoopMonitor } from './health/event-loop-monitor.service';
export type { LivenessStatus } from './health/event-loop-monitor.service';
export { HealthModule } from './health/health.module';
export { ProbeRegistry } from './health/probe-registry.service';
export type { ProbeResult, ReadinessProbe, ReadinessReport } from './health/probe-registry.service';

export { HttpExceptionFilter } from './http/http-exception.filter';
export type { ErrorBody } from './http/http-exception.filter';

export {
  createConsumer,
  createKafkaClient,
  createProducer,
  kafkaClientOptions,
} from './kafka/kafka-client.factory';
export { kafkaConfigFields, kafkaConfigRules, SASL_MECHANISMS } from './kafka/kafka-config.schema';
export type { KafkaConfig } from './kafka/kafka-config.schema';
export { kafkaLogCreator, kafkaLogLevel } from './kafka/kafka-logger.util';
export type { KafkaLogSink } from './kafka/kafka-logger.util';
export { KafkaModule } from './kafka/kafka.module';
export type { KafkaModuleOptions } from './kafka/kafka.module-definition';
export { KafkaService } from './kafka/kafka.service';
export { ensureTopics } from './kafka/topic-bootstrap.util';
export type { TopicBootstrapOptions, TopicBootstrapResult } from './kafka/topic-bootstrap.util';
export type { TopicSpec } from './kafka/topic-spec.type';

export { LoggingModule } from './logging/logging.module';
export { pinoHttpOptions, QUIET_PATHS, REDACTED_PATHS } from './logging/pino-options.util';

export { metricName, metricPrefix } from './metrics/metric-name.util';
export { MetricsModule } from './metrics/metrics.module';
export { MetricsService } from './metrics/metrics.service';
export type { HistogramOptions, MetricOptions } from './metrics/metrics.service';

export { ensureBucket, s3ErrorStatus } from './s3/ensure-bucket.util';
export { createS3Client, s3ClientOptions } from './s3/s3-client.factory';
export { s3ConfigFields, s3ConfigRules } from './s3/s3-config.schema';
export type { S3Config } from './s3/s3-config.schema';
export { S3Module } from './s3/s3.module';
export type { S3ModuleOptions } from './s3/s3.module-definition';
export { S3Service } from './s3/s3.service';

export { DRAIN_ORDER, DrainService } from './shutdown/drain.service';
export type { DrainOptions, DrainOutcome, DrainReport } from './shutdown/drain.service';
export { ShutdownModule } from './shutdown/shutdown.module';
