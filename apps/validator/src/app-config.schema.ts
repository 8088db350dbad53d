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

/** Everything the validator reads from its environment. */
export const appConfigSchema = z
  .object({
    ...serviceConfigFields({ serviceName: 'validator', port: 3200 }),
    ...kafkaConfigFields(),
    HOSTNAME: z
      .string()
      .max(253)
      .optional()
      .describe('the pod name; alerts carry it as their instance'),
    VALIDATOR_RAW_TOPIC: topicName()
      .describe('topic of raw events from every ingester')
      .prefault(TOPICS.rawEvents),
    VALIDATOR_VALID_TOPIC: topicName()
      .describe('topic the accepted events go to')
      .prefault(TOPICS.validEvents),
    VALIDATOR_DEAD_LETTER_TOPIC: topicName()
      .describe('topic the rejected events go to, with the reason')
      .prefault(TOPICS.deadLetters),
    VALIDATOR_ALERTS_TOPIC: topicName().describe('topic the alerts go to').prefault(TOPICS.alerts),
    VALIDATOR_GROUP_ID: z
      .string()
      .min(1)
      .max(200)
      .describe('consumer group over the raw topic; replicas share it')
      .prefault('validator'),
    VALIDATOR_TRANSACTIONAL_ID_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,200}$/, 'expected letters, digits, ".", "_" or "-"')
      .optional()
      .describe(
        'prefix of the transactional ids, one per raw partition (default: the group id); ' +
          'every replica of one deployment must use the same prefix so a new owner fences the old',
      ),
    VALIDATOR_EXACTLY_ONCE: booleanField()
      .describe(
        "write each batch's outputs and offsets in one Kafka transaction (false: send the outputs, then commit the offsets; a crash may repeat the batch's dead letters and alerts)",
      )
      .prefault('true'),
    VALIDATOR_ENSURE_TOPICS: booleanField()
      .describe('create the four topics at start when they are missing')
      .prefault('true'),
    VALIDATOR_MAX_FUTURE_SKEW: durationField()
      .describe('how far an exchange time may lie after the receive time')
      .prefault('5s'),
    VALIDATOR_MAX_EVENT_AGE: durationField()
      .describe('how far an exchange time may lie before the receive time (0 turns the rule off)')
      .prefault('5m'),
    VALIDATOR_DEDUPE_WINDOW: integerField({ min: 16, max: 1_000_000 })
      .describe('identities (sequence ids, trade ids, content hashes) remembered per market')
      .prefault('4096'),
    VALIDATOR_MAX_MARKETS: integerField({ min: 1, max: 10_000_000 })
      .describe('markets whose state is kept per raw partition (least recently seen go first)')
      .prefault('20000'),
    VALIDATOR_MAX_BOOK_DEPTH: integerField({ min: 1, max: 1_000_000 })
      .describe('price levels per side kept in the book used for crossed-book and checksum checks')
      .prefault('5000'),
    VALIDATOR_RESTORE_TAIL: integerField({ min: 0, max: 100_000_000 })
      .describe(
        'records read back per valid-topic partition to rebuild the state after an assignment',
      )
      .prefault('20000'),
    VALIDATOR_RESTORE_TIMEOUT: durationField()
      .describe('bound for rebuilding the state of newly assigned partitions')
      .prefault('60s'),
    VALIDATOR_TRANSACTION_TIMEOUT: durationField()
      .describe('broker-side timeout of a batch transaction (an orphaned one is aborted after it)')
      .prefault('10s'),
    VALIDATOR_SESSION_TIMEOUT: durationField()
      .describe('consumer-group session timeout: how soon the partitions of a dead replica move on')
      .prefault('30s'),
    VALIDATOR_PARTITIONS_CONCURRENTLY: integerField({ min: 1, max: 64 })
      .describe(
        'raw partitions processed at the same time by one replica (each has its own producer and transaction, so their commits overlap)',
      )
      .prefault('6'),
  })
  .superRefine(kafkaConfigRules);

export type AppConfig = z.output<typeof appConfigSchema>;
