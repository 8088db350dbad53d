import { z } from 'zod';

import {
  booleanField,
  brokerListField,
  durationField,
  integerField,
  secretField,
} from '../config/config-fields.util';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** Kafka connection variables; pair with `kafkaConfigRules` in the service's schema. */
export function kafkaConfigFields() {
  return {
    KAFKA_BROKERS: brokerListField(),
    KAFKA_CLIENT_ID: z
      .string()
      .min(1)
      .optional()
      .describe('Kafka client id (defaults to SERVICE_NAME)'),
    KAFKA_SSL: booleanField().prefault('false'),
    KAFKA_SASL_MECHANISM: z
      .enum(SASL_MECHANISMS, { error: `expected one of ${SASL_MECHANISMS.join(', ')}` })
      .optional()
      .describe('SASL mechanism'),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: secretField().optional(),
    KAFKA_CONNECTION_TIMEOUT: durationField().prefault('3s'),
    KAFKA_REQUEST_TIMEOUT: durationField().prefault('30s'),
    KAFKA_RETRIES: integerField({ min: 0, max: 100 }).prefault('8'),
    KAFKA_RETRY_INITIAL: durationField().prefault('300ms'),
    KAFKA_RETRY_MAX: durationField().prefault('30s'),
    /**
     * Replication factor used by topic bootstrap instead of each spec's own; set it to 1 on a
     * single-broker cluster. Left unset, specs asking for more replicas than brokers fail loudly.
     */
    KAFKA_TOPIC_REPLICATION_FACTOR: integerField({ min: 1, max: 32 }).optional(),
  };
}

export type KafkaConfig = z.output<z.ZodObject<ReturnType<typeof kafkaConfigFields>>>;

type KafkaSaslInput = Pick<
  KafkaConfig,
  'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'
>;

/** Cross-field rules: a SASL mechanism needs both credentials. Use with `.superRefine()`. */
export function kafkaConfigRules(config: KafkaSaslInput, ctx: z.RefinementCtx): void {
  if (!config.KAFKA_SASL_MECHANISM) {
    return;
  }
  for (const key of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
    if (!config[key]) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'is required when KAFKA_SASL_MECHANISM is set',
      });
    }
  }
}
