import { TOPICS } from '@tickline/domain';
import {
  booleanField,
  databaseConfigFields,
  durationField,
  integerField,
  kafkaConfigFields,
  kafkaConfigRules,
  s3ConfigFields,
  s3ConfigRules,
  secretField,
  serviceConfigFields,
  urlField,
} from '@tickline/service-kit';
import { z } from 'zod';

import { PUBLISH_STEPS } from './runs/publish-step.util';
import { dailyScheduleSchema } from './schedule/daily-schedule.util';

/** Everything the publisher reads from its environment. */
export const appConfigSchema = z
  .object({
    ...serviceConfigFields({ serviceName: 'publisher', port: 3600 }),
    ...kafkaConfigFields(),
    ...s3ConfigFields(),
    ...databaseConfigFields(),
    HOSTNAME: z
      .string()
      .max(253)
      .optional()
      .describe('the pod name; names the run leases and the alerts'),
    EXCHANGE_ENDPOINT: urlField({ protocols: ['http', 'https'] })
      .optional()
      .describe('Data Exchange and Marketplace Catalog endpoint (exchange-local); unset means AWS'),
    EXCHANGE_REGION: z.string().min(1).prefault('us-east-1'),
    EXCHANGE_PROVIDER_ACCESS_KEY_ID: z.string().min(1).optional(),
    EXCHANGE_PROVIDER_SECRET_ACCESS_KEY: secretField().optional(),
    EXCHANGE_PRODUCT_ID: z
      .string()
      .regex(/^prod-[a-z0-9]{1,64}$/, 'expected a product id like prod-ticklinedemo')
      .describe('the product every data set of the default mapping is published to')
      .prefault('prod-ticklinedemo'),
    PUBLISHER_MAPPING_FILE: z
      .string()
      .min(1)
      .optional()
      .describe(
        'JSON mapping file (data sources -> data sets -> products); unset: the embedded default',
      ),
    PUBLISHER_LAKE_BUCKET: z
      .string()
      .min(3)
      .describe('bucket of the raw lake (default mapping)')
      .prefault('tickline-lake'),
    PUBLISHER_PRODUCT_BUCKET: z
      .string()
      .min(3)
      .describe('bucket the CSV and manifest are written to (default mapping)')
      .prefault('tickline-products'),
    PUBLISHER_SCHEDULE: dailyScheduleSchema
      .describe('daily run time as "minute hour * * *" (UTC) for the previous UTC day')
      .prefault('20 0 * * *'),
    PUBLISHER_SCHEDULE_ENABLED: booleanField().prefault('true'),
    PUBLISHER_UPLOADS_ENABLED: booleanField()
      .describe('scan the incoming prefix and publish each new object')
      .prefault('true'),
    PUBLISHER_UPLOAD_SCAN_INTERVAL: durationField().prefault('30s'),
    PUBLISHER_WORKER_POLL_INTERVAL: durationField()
      .describe('how often the worker looks for runs to start or resume')
      .prefault('2s'),
    PUBLISHER_CONCURRENCY: integerField({ min: 1, max: 16 })
      .describe('runs executed at once per instance')
      .prefault('2'),
    PUBLISHER_LEASE: durationField()
      .describe(
        'run lease; renewed while the run executes, taken over by another instance after it runs out',
      )
      .prefault('60s'),
    PUBLISHER_POLL_INITIAL: durationField()
      .describe('first GetJob / DescribeChangeSet poll delay (doubles up to the max)')
      .prefault('500ms'),
    PUBLISHER_POLL_MAX: durationField().prefault('15s'),
    PUBLISHER_IMPORT_TIMEOUT: durationField().prefault('30m'),
    PUBLISHER_CHANGE_SET_TIMEOUT: durationField().prefault('60m'),
    PUBLISHER_ALERTS_TOPIC: z.string().min(1).prefault(TOPICS.alerts),
    PUBLISHER_CRASH_AFTER_STEP: z
      .enum(PUBLISH_STEPS)
      .optional()
      .describe('test hook: SIGKILL the process right after this step is recorded'),
    PUBLISHER_CRASH_BEFORE_RECORDING: z
      .enum(PUBLISH_STEPS)
      .optional()
      .describe(
        'test hook: SIGKILL the process after this step acted but before its outcome is recorded',
      ),
  })
  .superRefine(kafkaConfigRules)
  .superRefine(s3ConfigRules)
  .superRefine((config, ctx) => {
    if (!config.EXCHANGE_PROVIDER_ACCESS_KEY_ID !== !config.EXCHANGE_PROVIDER_SECRET_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['EXCHANGE_PROVIDER_SECRET_ACCESS_KEY'],
        message:
          'set both EXCHANGE_PROVIDER_ACCESS_KEY_ID and EXCHANGE_PROVIDER_SECRET_ACCESS_KEY, or neither (default credential chain)',
      });
    }
  });

export type AppConfig = z.output<typeof appConfigSchema>;
