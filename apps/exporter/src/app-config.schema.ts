import { TOPICS } from '@tickline/domain';
import {
  databaseConfigFields,
  durationField,
  integerField,
  kafkaConfigFields,
  kafkaConfigRules,
  secretField,
  serviceConfigFields,
  urlField,
} from '@tickline/service-kit';
import { z } from 'zod';

const topicName = () =>
  z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'expected a Kafka topic name (a-z A-Z 0-9 . _ -)');

/** Everything the exporter reads from its environment. */
export const appConfigSchema = z
  .object({
    ...serviceConfigFields({ serviceName: 'exporter', port: 3700 }),
    ...kafkaConfigFields(),
    ...databaseConfigFields(),
    EXCHANGE_ENDPOINT: urlField({ protocols: ['http', 'https'] })
      .optional()
      .describe('Data Exchange endpoint (exchange-local); unset means AWS'),
    EXCHANGE_REGION: z.string().min(1).prefault('us-east-1'),
    EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID: z
      .string()
      .min(1)
      .optional()
      .describe("the subscriber account's access key id"),
    EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY: secretField().optional(),
    EXPORTER_EVENTS_TOPIC: topicName()
      .describe('topic of the Data Exchange events (EventBridge envelope)')
      .prefault(TOPICS.exchangeEvents),
    EXPORTER_GROUP_ID: z.string().min(1).describe('consumer group').prefault('exporter'),
    EXPORTER_ALERTS_TOPIC: topicName().describe('topic the alerts go to').prefault(TOPICS.alerts),
    EXPORTER_SUBSCRIPTIONS_FILE: z
      .string()
      .min(1)
      .optional()
      .describe('path of the subscription document (JSON)'),
    EXPORTER_SUBSCRIPTIONS: z
      .string()
      .min(1)
      .optional()
      .describe('the subscription document itself (JSON)'),
    EXPORTER_RECONCILE_INTERVAL: durationField().prefault('30s'),
    EXPORTER_POLL_INTERVAL: durationField().prefault('250ms'),
    EXPORTER_CONCURRENCY: integerField({ min: 1, max: 5 }).prefault('2'),
    EXPORTER_MAX_ATTEMPTS: integerField({ min: 1, max: 100 }).prefault('5'),
    EXPORTER_RETRY_INITIAL: durationField().prefault('2s'),
    EXPORTER_RETRY_MAX: durationField().prefault('5m'),
    EXPORTER_JOB_POLL_INITIAL: durationField().prefault('100ms'),
    EXPORTER_JOB_POLL_MAX: durationField().prefault('5s'),
    EXPORTER_JOB_TIMEOUT: durationField().prefault('1h'),
    EXPORTER_RUN_LEASE: durationField().prefault('60s'),
  })
  .superRefine(kafkaConfigRules)
  .superRefine((config, ctx) => {
    const keyId = config.EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID !== undefined;
    const secret = config.EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY !== undefined;
    if (keyId !== secret) {
      ctx.addIssue({
        code: 'custom',
        path: [
          keyId ? 'EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY' : 'EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID',
        ],
        message:
          'set both EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID and EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY, or neither (AWS default credentials)',
      });
    }
    if (config.EXPORTER_SUBSCRIPTIONS_FILE && config.EXPORTER_SUBSCRIPTIONS) {
      ctx.addIssue({
        code: 'custom',
        path: ['EXPORTER_SUBSCRIPTIONS'],
        message: 'set at most one of EXPORTER_SUBSCRIPTIONS_FILE and EXPORTER_SUBSCRIPTIONS',
      });
    }
    if (config.EXPORTER_RETRY_INITIAL > config.EXPORTER_RETRY_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['EXPORTER_RETRY_INITIAL'],
        message: 'must not exceed EXPORTER_RETRY_MAX',
      });
    }
  });

export type AppConfig = z.output<typeof appConfigSchema>;
