import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { type Envelope, parseCanonicalJson, toCanonicalJson } from '@tickline/domain';
import { createServiceApp } from '@tickline/service-kit';
import type { Producer } from 'kafkajs';

import { AppModule } from '../src/app.module';
import type { ReadRecord } from './kafka.support';
import { venueForm } from './venue-script.fixture';

/** A run id unique across parallel runs, and the validator's four topics named after it. */
export function validatorRun(prefix: string) {
  const runId = `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const topics = {
    raw: `${runId}.raw`,
    valid: `${runId}.valid`,
    deadLetters: `${runId}.dlq`,
    alerts: `${runId}.alerts`,
  };
  return { runId, topics };
}

/** The validator in this process, listening on a free loopback port. */
export async function startApp(env: Record<string, string>): Promise<INestApplication> {
  const app = await createServiceApp(AppModule.forRoot({ env }));
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Sends envelopes to the raw topic as an ingester does (market id key, canonical bytes). */
export async function publishRaw(
  producer: Producer,
  topic: string,
  envelopes: readonly Envelope[],
): Promise<void> {
  for (let i = 0; i < envelopes.length; i += 25) {
    await producer.send({
      topic,
      messages: envelopes.slice(i, i + 25).map((envelope) => ({
        key: `${envelope.venue}:${envelope.symbol}`,
        value: toCanonicalJson(envelope),
      })),
    });
  }
}

/** Valid-topic records grouped by key, as the venues' messages (ingester fields set aside). */
export function validByMarket(records: readonly ReadRecord[]): Map<string, string[]> {
  const byMarket = new Map<string, string[]>();
  for (const record of records) {
    const envelope = parseCanonicalJson(record.value);
    // The valid topic carries canonical bytes under the market id key.
    expect(record.value).toBe(toCanonicalJson(envelope));
    expect(record.key).toBe(`${envelope.venue}:${envelope.symbol}`);
    const key = record.key as string;
    byMarket.set(key, [...(byMarket.get(key) ?? []), venueForm(envelope)]);
  }
  return byMarket;
}

export function sorted(map: Map<string, string[]>): [string, string[]][] {
  return [...map].sort(([a], [b]) => a.localeCompare(b));
}
