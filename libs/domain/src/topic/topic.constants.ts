import type { z } from 'zod';

import { alertSchema } from '../alert/alert.schema';
import { marketSnapshotSchema } from '../cache/market-snapshot.schema';
import { deadLetterSchema } from '../dead-letter/dead-letter.schema';
import { envelopeSchema } from '../envelope/envelope.schema';
import { exchangeEventSchema } from '../exchange/exchange-event.schema';

/** Kafka topic names. The `.vN` suffix is the payload schema's major version. */
export const TOPICS = {
  rawEvents: 'md.events.raw.v1',
  validEvents: 'md.events.valid.v1',
  alerts: 'md.alerts.v1',
  deadLetters: 'md.events.dlq.v1',
  cacheSnapshots: 'md.cache.snapshots.v1',
  exchangeEvents: 'exchange.events.v1',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  readonly name: TopicName;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Broker-side topic configs, as strings the way Kafka's admin API takes them. */
  readonly config: Readonly<Record<string, string>>;
  readonly description: string;
  /** What the message key is; ordering holds per key. */
  readonly key: string;
  /** The zod schema every message value on this topic satisfies (JSON text, UTF-8). */
  readonly schema: z.ZodType;
}

const DAY_MS = 86_400_000;
const days = (n: number): string => String(n * DAY_MS);

/**
 * Every topic Tickline uses, for the topic bootstrap (and the Helm chart's topic job).
 * Replication 1 suits the single-broker local stack; production overrides it at bootstrap.
 */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  {
    name: TOPICS.rawEvents,
    partitions: 6,
    replicationFactor: 1,
    config: { 'cleanup.policy': 'delete', 'retention.ms': days(3) },
    description:
      'Normalized venue events from every ingester, before validation (duplicates from redundant ingesters included).',
    key: 'market id `venue:symbol` (native symbol)',
    schema: envelopeSchema,
  },
  {
    name: TOPICS.validEvents,
    partitions: 6,
    replicationFactor: 1,
    config: { 'cleanup.policy': 'delete', 'retention.ms': days(7) },
    description:
      'Deduplicated, validated events in sequence order per market; what the cache reads.',
    key: 'market id `venue:symbol` (native symbol)',
    schema: envelopeSchema,
  },
  {
    name: TOPICS.alerts,
    partitions: 3,
    replicationFactor: 1,
    config: { 'cleanup.policy': 'delete', 'retention.ms': days(30) },
    description:
      'Data-quality and operational alerts (gaps, checksum mismatches, partial windows, ...).',
    key: 'market id `venue:symbol` when the alert concerns a market, else the service name',
    schema: alertSchema,
  },
  {
    name: TOPICS.deadLetters,
    partitions: 3,
    replicationFactor: 1,
    config: { 'cleanup.policy': 'delete', 'retention.ms': days(30) },
    description: 'Messages a consumer could not accept, with the original bytes and the reason.',
    key: 'the original message key',
    schema: deadLetterSchema,
  },
  {
    name: TOPICS.cacheSnapshots,
    partitions: 6,
    replicationFactor: 1,
    config: {
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
      'min.compaction.lag.ms': '60000',
      'segment.ms': String(3_600_000),
    },
    description:
      'Latest cache state per market (last trade + full book) for warm starts; compacted.',
    key: 'market id `venue:symbol` (native symbol)',
    schema: marketSnapshotSchema,
  },
  {
    name: TOPICS.exchangeEvents,
    partitions: 1,
    replicationFactor: 1,
    config: { 'cleanup.policy': 'delete', 'retention.ms': days(30) },
    description:
      'AWS Data Exchange events in the EventBridge envelope ("Revision Published To Data Set", ...).',
    key: 'the data set id (`resources[0]`)',
    schema: exchangeEventSchema,
  },
];

export function topicSpec(name: TopicName): TopicSpec {
  const spec = TOPIC_SPECS.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`Unknown topic ${JSON.stringify(name)}`);
  return spec;
}
