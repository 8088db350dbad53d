import type { S3Client } from '@aws-sdk/client-s3';
import {
  MICROS_PER_MINUTE,
  parseAlert,
  parseEnvelope,
  parseLakeKey,
  toCanonicalJson,
  type Alert,
  type Envelope,
  type LakeKeyParts,
  type ReplicaNeutralEnvelope,
} from '@tickline/domain';
import { collectLakeObject } from '@tickline/lake';
import { listKeys, type ReplayServer, type ReplayVenue } from '@tickline/testing';
import { Kafka, logLevel } from 'kafkajs';

/** The replayed markets: three venues with three different sync rules (REST + ids, checksums, seq ids). */
export const MARKETS: Record<'binance' | 'kraken' | 'okx', string[]> = {
  binance: ['NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR'],
  kraken: [
    'WAVES/EUR',
    'XMR/USD',
    'KSM/XBT',
    'GRT/ETH',
    'SC/EUR',
    'ETH/CHF',
    'OCEAN/XBT',
    'OMG/USD',
  ],
  okx: ['BTC-USD-220527', 'UNI-USD-SWAP', 'BTC-USDT'],
};
export const E2E_VENUES = Object.keys(MARKETS) as (keyof typeof MARKETS)[];

/** A subscription document pointing one replica (by its tag) at the replay server. */
export function subscriptionsFor(replay: ReplayServer, tag: string): unknown {
  return {
    venues: E2E_VENUES.map((venue) => ({
      venue,
      options: {
        ...replay.venueOptions(venue, tag),
        ...(venue === 'binance' ? { tradeStream: 'aggTrade' } : {}),
      },
      symbols: MARKETS[venue],
      types: ['trade', 'book_delta', 'book_snapshot'],
    })),
  };
}

/** Streams one replica subscribes per venue: a trade and a book stream per market. */
export function streamsPerReplica(venue: keyof typeof MARKETS): number {
  return MARKETS[venue].length * 2;
}

/** Starts every venue, waits until each has played `exchangeSeconds` of exchange time, pauses all. */
export async function playFor(replay: ReplayServer, exchangeSeconds: number): Promise<void> {
  for (const venue of E2E_VENUES) await replay.control(venue, 'start');
  await advance(replay, exchangeSeconds);
  for (const venue of E2E_VENUES) await replay.control(venue, 'pause');
}

/** Waits until every venue's replay has moved `exchangeSeconds` of exchange time on. */
export async function advance(
  replay: ReplayServer,
  exchangeSeconds: number,
  venues: readonly ReplayVenue[] = E2E_VENUES,
): Promise<void> {
  const startOf = new Map<ReplayVenue, number>();
  const deadline = Date.now() + 240_000;
  for (;;) {
    let done = true;
    for (const venue of venues) {
      const at = Date.parse((await replay.status(venue)).position.exchangeTime ?? '');
      if (!Number.isFinite(at)) {
        done = false;
        continue;
      }
      if (!startOf.has(venue)) startOf.set(venue, at);
      if (at - (startOf.get(venue) ?? at) < exchangeSeconds * 1000) done = false;
    }
    if (done) return;
    if (Date.now() > deadline) throw new Error('The replay did not reach the wanted exchange time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Reads a whole topic (up to its current end offsets). */
export async function readTopic(brokers: string[], topic: string): Promise<Buffer[]> {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING, clientId: `${topic}-reader` });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = new Map(ends.map((end) => [end.partition, Number(end.high)]));
  const values: Buffer[] = [];
  if ([...wanted.values()].every((high) => high === 0)) return values;
  const consumer = kafka.consumer({ groupId: `${topic}-reader-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const reached = new Map<number, number>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out reading ${topic}`)), 120_000);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (message.value) values.push(message.value);
        reached.set(partition, Number(message.offset) + 1);
        const done = [...wanted].every(([p, high]) => (reached.get(p) ?? 0) >= high);
        if (done) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return values;
}

export async function readEnvelopes(brokers: string[], topic: string): Promise<Envelope[]> {
  return (await readTopic(brokers, topic)).map((value) =>
    parseEnvelope(JSON.parse(value.toString('utf8'))),
  );
}

export async function readAlerts(brokers: string[], topic: string): Promise<Alert[]> {
  return (await readTopic(brokers, topic)).map((value) =>
    parseAlert(JSON.parse(value.toString('utf8'))),
  );
}

export interface LakeObject {
  readonly key: string;
  readonly parts: LakeKeyParts;
  readonly events: readonly ReplicaNeutralEnvelope[];
  /** Replica-neutral canonical lines, as the lake writes them. */
  readonly lines: readonly string[];
}

/** Every object of the bucket, decoded. */
export async function readLake(s3: S3Client, bucket: string): Promise<LakeObject[]> {
  const objects: LakeObject[] = [];
  for (const key of await listKeys(s3, bucket)) {
    const { events, issues } = await collectLakeObject(s3, bucket, key);
    if (issues.length > 0) throw new Error(`${key}: ${JSON.stringify(issues)}`);
    objects.push({
      key,
      parts: parseLakeKey(key),
      events,
      lines: events.map((event) => toCanonicalJson(event, { localFields: false })),
    });
  }
  return objects;
}

/** `venue/type/market/windowStartUs`: a window of a stream (one system). */
export function windowId(parts: {
  venue: string;
  type: string;
  market: string;
  windowStartUs: number;
}): string {
  return `${parts.venue}/${parts.type}/${parts.market}/${parts.windowStartUs}`;
}

export function windowOf(event: Envelope | ReplicaNeutralEnvelope): string {
  const t = event.exchangeTimeUs;
  return windowId({ ...event, windowStartUs: t - (t % MICROS_PER_MINUTE) });
}

/** The replica-neutral line of a received envelope. */
export function neutralLine(event: Envelope): string {
  return toCanonicalJson(event, { localFields: false });
}

/** Decimal text without trailing zeros, so `1.50` and `1.5` compare equal. */
export function decimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function levels(side: readonly (readonly [string, string])[]): string[] {
  return side.map(([price, size]) => `${decimal(price)}@${decimal(size)}`);
}
