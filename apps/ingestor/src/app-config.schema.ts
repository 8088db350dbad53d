import { ingesterIdSchema, systemSchema, TOPICS } from '@tickline/domain';
import {
  durationField,
  integerField,
  kafkaConfigFields,
  kafkaConfigRules,
  s3ConfigFields,
  s3ConfigRules,
  serviceConfigFields,
} from '@tickline/service-kit';
import { z } from 'zod';

const topicName = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'expected a Kafka topic name');

/** Everything the ingestor reads from its environment. */
export const appConfigSchema = z
  .object({
    ...serviceConfigFields({ serviceName: 'ingestor', port: 3300 }),
    ...kafkaConfigFields(),
    ...s3ConfigFields(),
    INGESTOR_ID: ingesterIdSchema
      .describe('ingester id stamped on every envelope (pod name in Kubernetes)')
      .prefault('ingestor-0'),
    INGESTOR_SYSTEM: systemSchema
      .describe('which redundant system this ingester belongs to (primary or replica)')
      .prefault('primary'),
    INGESTOR_SUBSCRIPTIONS_FILE: z
      .string()
      .min(1)
      .describe('path of the JSON subscription file (venues x symbols x types)')
      .optional(),
    INGESTOR_SUBSCRIPTIONS: z
      .string()
      .min(2)
      .describe('the subscription document inline, as JSON (instead of a file)')
      .optional(),
    INGESTOR_RAW_TOPIC: topicName.prefault(TOPICS.rawEvents),
    INGESTOR_ALERT_TOPIC: topicName.prefault(TOPICS.alerts),
    INGESTOR_KAFKA_COMPRESSION: z.enum(['gzip', 'none']).prefault('gzip'),
    /** Messages per produce request. */
    INGESTOR_KAFKA_BATCH_SIZE: integerField({ min: 1, max: 100_000 }).prefault('1000'),
    /** How long a partly filled batch waits for more messages. */
    INGESTOR_KAFKA_LINGER: durationField().prefault('20ms'),
    /** Envelopes held for Kafka; above 3/4 of it the sockets pause, at the cap new ones drop. */
    INGESTOR_BUFFER_MAX: integerField({ min: 10, max: 10_000_000 }).prefault('200000'),
    /** Book snapshots written into the data stream this often per market (0 disables). */
    INGESTOR_SNAPSHOT_INTERVAL: durationField().prefault('60s'),
    INGESTOR_RECONNECT_INITIAL: durationField().prefault('500ms'),
    INGESTOR_RECONNECT_MAX: durationField().prefault('30s'),
    /** Raw lake bucket; unset turns the lake off (Kafka only). */
    INGESTOR_LAKE_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
      .optional(),
    /** How far a stream's exchange clock passes a minute's end before its window closes. */
    INGESTOR_LAKE_GRACE: durationField().prefault('5s'),
    /**
     * Windows of idle markets close once the local clock minus this passes their end (0: only
     * the market's own next event closes them). Must exceed venue clock skew plus delivery lag.
     */
    INGESTOR_LAKE_IDLE_CLOSE_AFTER: durationField().prefault('2m'),
    /** Bad frames and drops raise one alert per venue and reason within this window. */
    INGESTOR_ALERT_BURST_WINDOW: durationField().prefault('10s'),
  })
  .superRefine(kafkaConfigRules)
  .superRefine(s3ConfigRules)
  .superRefine((config, ctx) => {
    const sources = [config.INGESTOR_SUBSCRIPTIONS_FILE, config.INGESTOR_SUBSCRIPTIONS].filter(
      (value) => value !== undefined,
    );
    if (sources.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['INGESTOR_SUBSCRIPTIONS_FILE'],
        message: 'set exactly one of INGESTOR_SUBSCRIPTIONS_FILE and INGESTOR_SUBSCRIPTIONS',
      });
    }
    if (config.INGESTOR_RECONNECT_MAX < config.INGESTOR_RECONNECT_INITIAL) {
      ctx.addIssue({
        code: 'custom',
        path: ['INGESTOR_RECONNECT_MAX'],
        message: 'must not be below INGESTOR_RECONNECT_INITIAL',
      });
    }
  });

export type AppConfig = z.output<typeof appConfigSchema>;
