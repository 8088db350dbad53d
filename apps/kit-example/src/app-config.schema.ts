import {
  databaseConfigFields,
  kafkaConfigFields,
  kafkaConfigRules,
  s3ConfigFields,
  s3ConfigRules,
  serviceConfigFields,
} from '@tickline/service-kit';
import { z } from 'zod';

/** Everything kit-example reads from its environment. */
export const appConfigSchema = z
  .object({
    ...serviceConfigFields({ serviceName: 'kit-example', port: 3100 }),
    ...kafkaConfigFields(),
    ...s3ConfigFields(),
    ...databaseConfigFields(),
    EXAMPLE_TOPIC: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'expected a Kafka topic name')
      .describe('topic the example produces greetings to and consumes them from')
      .prefault('kit-example.greetings.v1'),
    EXAMPLE_TOPIC_PARTITIONS: z
      .string()
      .regex(/^[1-9]\d{0,2}$/, 'expected 1-999')
      .transform(Number)
      .describe('partitions of EXAMPLE_TOPIC when bootstrap creates it')
      .prefault('3'),
    EXAMPLE_GROUP_ID: z
      .string()
      .min(1)
      .describe('consumer group of the greetings consumer')
      .prefault('kit-example'),
    EXAMPLE_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
      .describe('bucket the example ensures at start and the s3 readiness probe checks')
      .prefault('kit-example'),
  })
  .superRefine(kafkaConfigRules)
  .superRefine(s3ConfigRules);

export type AppConfig = z.output<typeof appConfigSchema>;
