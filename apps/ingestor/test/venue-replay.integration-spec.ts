import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import type { INestApplication } from '@nestjs/common';
import { parseEnvelope, type Envelope, type Venue } from '@tickline/domain';
import { createServiceApp } from '@tickline/service-kit';
import { Kafka, logLevel } from 'kafkajs';

import { AppModule } from '../src/app.module';

jest.setTimeout(180_000);

const runId = `ingestor-replay-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const REPLAY_MAIN = path.resolve(__dirname, '../../venue-replay/dist/main.js');

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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  failed: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    const failure = failed();
    if (failure) throw new Error(`Gave up waiting for ${what}: the replay server ${failure}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('ingestor against the venue replay server (Binance, Kraken, OKX) and real Kafka', () => {
  const topic = `${runId}.raw`;
  const alertTopic = `${runId}.alerts`;
  let replay: ChildProcess | undefined;
  let replayExit: string | undefined;
  let replayUrl = '';
  let app: INestApplication | undefined;
  let kafka: Kafka | undefined;

  beforeAll(async () => {
    kafka = new Kafka({ brokers: brokers().split(','), logLevel: logLevel.NOTHING });
    if (!existsSync(REPLAY_MAIN)) {
      throw new Error(`${REPLAY_MAIN} is missing: run \`npx nx run venue-replay:build\` first.`);
    }
    const port = await freePort();
    replayUrl = `127.0.0.1:${port}`;
    replay = spawn(process.execPath, [REPLAY_MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'error',
        REPLAY_VENUES: 'binance,kraken,okx',
        REPLAY_START: 'manual',
        REPLAY_LOOP: 'false',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    replay.on('exit', (code, signal) => (replayExit = `exited with ${code ?? signal}`));
    await until(
      'the replay server',
      async () => (await fetch(`http://${replayUrl}/healthz`)).ok,
      60_000,
      () => replayExit,
    );
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
                options: {
                  wsUrl: `ws://${replayUrl}/binance`,
                  restUrl: `http://${replayUrl}/binance`,
                  tradeStream: 'aggTrade',
                },
                symbols: BINANCE,
                types: ['trade', 'book_delta', 'book_snapshot'],
              },
              {
                venue: 'kraken',
                options: { wsUrl: `ws://${replayUrl}/kraken` },
                symbols: KRAKEN,
                types: ['trade', 'book_delta'],
              },
              {
                venue: 'okx',
                options: { wsUrl: `ws://${replayUrl}/okx/ws/v5/public` },
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
    replay?.kill('SIGTERM');
    if (!kafka) return;
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, alertTopic] }).catch(() => undefined);
    await admin.deleteGroups([`${topic}-reader`]).catch(() => undefined);
    await admin.disconnect();
  });

  it('syncs every book with no gap, resync or bad frame, verifying every Kraken and OKX checksum', async () => {
    const status = async (venue: Venue) =>
      (await (await fetch(`http://${replayUrl}/control/venues/${venue}`)).json()) as {
        state: string;
        subscriptions: number;
      };
    for (const venue of ['binance', 'kraken', 'okx'] as const) {
      await until(
        `${venue} subscriptions`,
        async () => (await status(venue)).subscriptions >= (STREAMS[venue] ?? 0),
        60_000,
        () => replayExit,
      );
      await fetch(`http://${replayUrl}/control/venues/${venue}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ speed: 10 }),
      });
      await fetch(`http://${replayUrl}/control/venues/${venue}/start`, { method: 'POST' });
    }
    for (const venue of ['binance', 'kraken', 'okx'] as const) {
      await until(
        `${venue} to end`,
        async () => (await status(venue)).state === 'ended',
        120_000,
        () => replayExit,
      );
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
