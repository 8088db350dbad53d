import { TOPICS } from '@tickline/domain';
import {
  booleanField,
  durationField,
  integerField,
  kafkaConfigFields,
  kafkaConfigRules,
  serviceConfigFields,
} from '@tickline/service-kit';
import { z } from 'zod';

const topicName = () => z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'expected a Kafka topic name');

/** Everything the cache reads from its environment. */
export const appConfigSchema = z
  .object({
    ...serviceConfigFields({ serviceName: 'cache', port: 3500 }),
    ...kafkaConfigFields(),
    CACHE_VALID_TOPIC: topicName()
      .describe('topic of validated envelopes the cache applies')
      .prefault(TOPICS.validEvents),
    CACHE_SNAPSHOT_TOPIC: topicName()
      .describe('compacted topic of market snapshots the cache publishes and warm-starts from')
      .prefault(TOPICS.cacheSnapshots),
    CACHE_INSTANCE_ID: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,100}$/, 'expected 1-100 of A-Z a-z 0-9 . _ -')
      .optional()
      .describe('this replica in consumer group ids (default: the host name, i.e. the pod name)'),
    CACHE_GROUP_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,100}$/, 'expected 1-100 of A-Z a-z 0-9 . _ -')
      .describe('prefix of the per-replica consumer groups')
      .prefault('cache'),
    CACHE_SNAPSHOT_INTERVAL: durationField()
      .describe('how often changed markets are published to the snapshot topic')
      .prefault('5s'),
    CACHE_SNAPSHOT_PUBLISH: booleanField()
      .describe('whether this replica publishes snapshots')
      .prefault('true'),
    CACHE_STALE_AFTER: durationField()
      .describe('a market with no event received for longer is reported stale')
      .prefault('30s'),
    CACHE_CREATE_TOPICS: booleanField()
      .describe('create the valid and snapshot topics at start when missing')
      .prefault('true'),
    CACHE_MAX_DEPTH: integerField({ min: 1, max: 100_000 })
      .describe('largest depth a book request may ask for')
      .prefault('5000'),
    CACHE_STREAM_MAX_BUFFERED_BYTES: integerField({ min: 65_536, max: 1_073_741_824 })
      .describe('a push-stream client further behind than this is disconnected')
      .prefault('8388608'),
    GRPC_HOST: z.string().min(1).describe('interface the gRPC server binds').prefault('0.0.0.0'),
    GRPC_PORT: integerField({ min: 0, max: 65_535 })
      .describe('gRPC port (0 picks a free one)')
      .prefault('50051'),
  })
  .superRefine(kafkaConfigRules);

export type AppConfig = z.output<typeof appConfigSchema>;
