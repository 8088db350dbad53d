import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { parseEnvelope, type Envelope, type Venue } from '@tickline/domain';
import { createServiceApp } from '@tickline/service-kit';
import { ReplayServer, until } from '@tickline/testing';
import { Kafka, logLevel } from 'kafkajs';

import { AppModule } from '../src/app.module';

jest.setTimeout(180_000);

const runId = `ingestor-replay-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

const BINANCE = ['NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR'];
const KRAKEN = [
  'WAVES/EUR',
  'XMR/USD',
  'KSM/XBT',
  'GRT/ETH',
  'SC/EUR',
  'ETH/CHF',
  'OCEAN/XBT',
  'OMG/USD',
  'XBT/CHF',
  'ADA/XBT',
];
const OKX = ['BTC-USD-220527', 'UNI-USD-SWAP', 'BTC-USDT'];
/** Streams each venue's replay must hold before it starts playing: one trades and one book per market. */
const STREAMS: Record<string, number> = { binance: 8, kraken: 20, okx: 6 };

function brokers(): string {
  const value = process.env['KAFKA_BROKERS'];
  if (!value) {
    throw new Error(
      'ingestor integration tests need the local stack (KAFKA_BROKERS unset): run ' +
        '`npm run stack -- up` and `eval "$(npm run -s stack -- env --export)"` first.',
    );
  }
  return value;
}

describe('ingestor against the venue replay server (Binance, Kraken, OKX) and real Kafka', () => {
  const topic = `${runId}.raw`;
  const alertTopic = `${runId}.alerts`;
  let replay: ReplayServer | undefined;
  let app: INestApplication | undefined;
  let kafka: Kafka | undefined;

  beforeAll(async () => {
    kafka = new Kafka({ brokers: brokers().split(','), logLevel: logLevel.NOTHING });
    replay = await ReplayServer.start({
      venues: ['binance', 'kraken', 'okx'],
      speed: 10,
      mode: 'dist',
    });
    const server = replay;
    app = await createServiceApp(
      AppModule.forRoot({
        env: {
          KAFKA_BROKERS: brokers(),
          LOG_LEVEL: 'error',
          INGESTOR_ID: 'ingestor-replay',
          INGESTOR_RAW_TOPIC: topic,
          INGESTOR_ALERT_TOPIC: alertTopic,
          INGESTOR_SNAPSHOT_INTERVAL: '0',
          INGESTOR_SUBSCRIPTIONS: JSON.stringify({
            venues: [
              {
                venue: 'binance',
                options: { ...server.venueOptions('binance'), tradeStream: 'aggTrade' },
                symbols: BINANCE,
                types: ['trade', 'book_delta', 'book_snapshot'],
              },
              {
                venue: 'kraken',
                options: server.venueOptions('kraken'),
                symbols: KRAKEN,
                types: ['trade', 'book_delta'],
              },
              {
                venue: 'okx',
                options: server.venueOptions('okx'),
                symbols: OKX,
                types: ['trade', 'book_delta'],
              },
            ],
          }),
        },
      }),
    );
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await replay?.stop();
    if (!kafka) return;
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, alertTopic] }).catch(() => undefined);
    await admin.deleteGroups([`${topic}-reader`]).catch(() => undefined);
    await admin.disconnect();
  });

  it('syncs every book with no gap, resync or bad frame, verifying every Kraken and OKX checksum', async () => {
    const server = replay as ReplayServer;
    for (const venue of ['binance', 'kraken', 'okx'] as const) {
      await server.waitForSubscriptions(venue, STREAMS[venue] ?? 0);
      await server.control(venue, 'start');
    }
    for (const venue of ['binance', 'kraken', 'okx'] as const) {
      await server.waitForEnd(venue, 120_000);
    }

    const consumer = (kafka as Kafka).consumer({ groupId: `${topic}-reader` });
    const envelopes: Envelope[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        envelopes.push(parseEnvelope(JSON.parse(message.value?.toString() ?? 'null')));
      },
    });
    const books = (venue: Venue) =>
      envelopes.filter((e) => e.venue === venue && e.type !== 'trade').length;
    // Kraken: 10 snapshots and 4,269 updates; OKX: 290 book messages; Binance: 177 diffs + 4 snapshots.
    await until(
      'every book envelope on the raw topic',
      async () => books('kraken') >= 4279 && books('okx') >= 290 && books('binance') >= 181,
    );
    await consumer.disconnect();

    expect(books('kraken')).toBe(4279);
    expect(books('okx')).toBe(290);
    expect(envelopes.filter((e) => e.venue === 'binance' && e.type === 'book_delta')).toHaveLength(
      177,
    );
    for (const venue of ['binance', 'kraken', 'okx'] as const) {
      expect(envelopes.some((e) => e.venue === venue && e.type === 'trade')).toBe(true);
    }
    const url = (await (app as INestApplication).getUrl())
      .replace('[::1]', '127.0.0.1')
      .replace('localhost', '127.0.0.1');
    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    expect(metrics).not.toMatch(/ingestor_gaps_total\{/);
    expect(metrics).not.toMatch(/ingestor_resyncs_total\{/);
    expect(metrics).not.toMatch(/ingestor_frames_bad_total\{/);
    expect(metrics).toMatch(/ingestor_connections_open\{venue="kraken"\} 1/);
  });
});
