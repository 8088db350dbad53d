import { TOPICS } from '@tickline/domain';
import {
  durationField,
  integerField,
  kafkaConfigFields,
  kafkaConfigRules,
  serviceConfigFields,
  urlField,
} from '@tickline/service-kit';
import { z } from 'zod';

import { metricsSourcesSchema } from './rates/metrics-sources.util';

const backendUrl = () => urlField({ protocols: ['http', 'https'] });

/** Everything the console reads from its environment. */
export const appConfigSchema = z
  .object({
    ...serviceConfigFields({ serviceName: 'console', port: 3800 }),
    ...kafkaConfigFields(),
    CONSOLE_CACHE_URL: backendUrl()
      .describe('cache REST and SSE base URL')
      .prefault('http://127.0.0.1:3500'),
    CONSOLE_PUBLISHER_URL: backendUrl()
      .describe('publisher REST base URL')
      .prefault('http://127.0.0.1:3600'),
    CONSOLE_EXPORTER_URL: backendUrl()
      .describe('exporter REST base URL')
      .prefault('http://127.0.0.1:3700'),
    CONSOLE_METRICS_URLS: metricsSourcesSchema
      .describe('name=url of each /metrics the message-rate chart reads, comma separated')
      .prefault(
        'ingestor=http://127.0.0.1:3300/metrics,validator=http://127.0.0.1:3200/metrics,cache=http://127.0.0.1:3500/metrics',
      ),
    CONSOLE_METRICS_INTERVAL: durationField()
      .describe('how often /metrics are read')
      .prefault('2s'),
    CONSOLE_RATE_HISTORY: integerField({ min: 10, max: 10_000 })
      .describe('rate points kept per series')
      .prefault('150'),
    CONSOLE_ALERTS_TOPIC: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'expected a Kafka topic name')
      .describe('alerts topic the console reads')
      .prefault(TOPICS.alerts),
    CONSOLE_ALERTS_KEPT: integerField({ min: 10, max: 100_000 })
      .describe('newest alerts kept in memory')
      .prefault('500'),
    CONSOLE_GROUP_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,100}$/, 'expected 1-100 of A-Z a-z 0-9 . _ -')
      .describe('prefix of the per-instance consumer group of the alerts reader')
      .prefault('console'),
    CONSOLE_BACKEND_TIMEOUT: durationField()
      .describe('timeout of one backend request')
      .prefault('5s'),
  })
  .superRefine(kafkaConfigRules);

export type AppConfig = z.output<typeof appConfigSchema>;
