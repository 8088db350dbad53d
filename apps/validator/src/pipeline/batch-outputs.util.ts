import type { Alert } from '@tickline/domain';
import type { Message, TopicMessages } from 'kafkajs';

import type { ValidationResult } from '../validation/validation-result.type';

export interface OutputTopics {
  readonly valid: string;
  readonly deadLetters: string;
  readonly alerts: string;
}

/** Header on dead-letter records naming the validator rule that rejected the event. */
export const RULE_HEADER = 'validator-rule';

/**
 * Produce requests stay well under the broker's default 1 MiB record-batch limit: kafkajs
 * sends everything for one partition in one batch and does not split it.
 */
const MAX_CHUNK_BYTES = 512 * 1024;

/**
 * The records a batch's verdicts produce, in input order per topic, cut into chunks of at most
 * `MAX_CHUNK_BYTES` (see `produceRequests`): accepted events to the valid topic (same key,
 * canonical bytes, the original headers), dead letters keyed like the original, alerts keyed by
 * market id or, without a market, by the service name.
 */
export function batchOutputs(
  results: readonly ValidationResult[],
  headersOf: (index: number) => Message['headers'],
  topics: OutputTopics,
  service: string,
): TopicMessages[] {
  const valid: Message[] = [];
  const deadLetters: Message[] = [];
  const alerts: Message[] = [];
  results.forEach((result, index) => {
    if (result.outcome === 'accepted') {
      const headers = headersOf(index);
      valid.push({ key: result.key, value: result.value, ...(headers ? { headers } : {}) });
    } else if (result.outcome === 'rejected') {
      deadLetters.push({
        key: result.key,
        value: JSON.stringify(result.deadLetter),
        headers: { [RULE_HEADER]: result.rule, 'content-type': 'application/json' },
      });
    }
    for (const alert of result.alerts) alerts.push(alertMessage(alert, service));
  });
  return [
    ...chunk(topics.valid, valid),
    ...chunk(topics.deadLetters, deadLetters),
    ...chunk(topics.alerts, alerts),
  ];
}

function alertMessage(alert: Alert, service: string): Message {
  const key =
    alert.venue !== undefined && alert.symbol !== undefined
      ? `${alert.venue}:${alert.symbol}`
      : service;
  return { key, value: JSON.stringify(alert), headers: { 'content-type': 'application/json' } };
}

function chunk(topic: string, messages: Message[]): TopicMessages[] {
  const chunks: TopicMessages[] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sizeOf(message);
    if (current.length > 0 && bytes + size > MAX_CHUNK_BYTES) {
      chunks.push({ topic, messages: current });
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push({ topic, messages: current });
  return chunks;
}

function sizeOf(message: Message): number {
  const value = message.value;
  const valueBytes =
    value === null || value === undefined
      ? 0
      : typeof value === 'string'
        ? Buffer.byteLength(value)
        : value.length;
  // Key, headers and record overhead: small, bounded by a generous constant.
  return valueBytes + 256;
}

/**
 * The chunks grouped into produce requests with at most one chunk per topic (kafkajs would merge
 * two chunks of one topic into one record batch per partition, past the size limit): usually a
 * single request for every output topic instead of one round trip per topic.
 */
export function produceRequests(chunks: readonly TopicMessages[]): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  const nextRequest = new Map<string, number>();
  for (const output of chunks) {
    const index = nextRequest.get(output.topic) ?? 0;
    nextRequest.set(output.topic, index + 1);
    (requests[index] ??= []).push(output);
  }
  return requests;
}
