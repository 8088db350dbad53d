import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { parseAlert, parseEnvelope, type Alert, type Envelope } from '@tickline/domain';
import { createServiceApp } from '@tickline/service-kit';
import type { CaptureLine } from '@tickline/venues';
import { Kafka, logLevel } from 'kafkajs';

import { AppModule } from '../src/app.module';
import { FakeBinance } from './binance-ws.fake-venue';

jest.setTimeout(120_000);

const runId = `ingestor-it-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const SYMBOLS = ['NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR'];

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

interface DepthData {
  e: string;
  s: string;
  U: number;
  u: number;
}

function depthOf(line: CaptureLine): DepthData | undefined {
  const data = (JSON.parse(line.body) as { data?: DepthData }).data;
  return data?.e === 'depthUpdate' ? data : undefined;
}

async function readTopic(
  kafka: Kafka,
  topic: string,
  until: (count: number) => boolean,
  groupId = `${topic}-reader`,
) {
  const consumer = kafka.consumer({ groupId });
  const values: { key: string; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      values.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
    },
  });
  const deadline = Date.now() + 60_000;
  while (!until(values.length) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await consumer.disconnect();
  return values;
}

describe('ingestor against a Binance endpoint replaying the capture, with real Kafka', () => {
  const rawTopic = `${runId}.raw`;
  const alertTopic = `${runId}.alerts`;
  let kafka: Kafka;
  let venue: FakeBinance;
  let app: INestApplication | undefined;
  let httpUrl = '';
  let dropped: DepthData;

  beforeAll(async () => {
    kafka = new Kafka({
      brokers: brokers().split(','),
      clientId: runId,
      logLevel: logLevel.NOTHING,
    });
    // Inject a gap: the 6th NKNUSDT diff never reaches the ingestor.
    const probe = new FakeBinance(
      () => false,
      () => undefined,
    );
    const nkn = probe.frames.filter((line) => depthOf(line)?.s === 'NKNUSDT');
    const victim = nkn[5];
    if (!victim) throw new Error('the capture has fewer NKNUSDT diffs than expected');
    dropped = depthOf(victim) as DepthData;
    venue = new FakeBinance(
      (line) => line === victim || line.body === victim.body,
      (symbol) => (symbol === 'NKNUSDT' ? dropped.u : undefined),
    );
    const address = await venue.listen();
    app = await createServiceApp(
      AppModule.forRoot({
        env: {
          KAFKA_BROKERS: brokers(),
          LOG_LEVEL: 'error',
          INGESTOR_ID: 'ingestor-it',
          INGESTOR_SYSTEM: 'replica',
          INGESTOR_RAW_TOPIC: rawTopic,
          INGESTOR_ALERT_TOPIC: alertTopic,
          INGESTOR_SNAPSHOT_INTERVAL: '0',
          INGESTOR_RECONNECT_INITIAL: '100ms',
          INGESTOR_RECONNECT_MAX: '1s',
          INGESTOR_SUBSCRIPTIONS: JSON.stringify({
            venues: [
              {
                venue: 'binance',
                options: {
                  wsUrl: `ws://${address}`,
                  restUrl: `http://${address}`,
                  tradeStream: 'aggTrade',
                },
                symbols: SYMBOLS,
                types: ['trade', 'book_delta', 'book_snapshot'],
              },
            ],
          }),
        },
      }),
    );
    await app.listen(0, '127.0.0.1');
    httpUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await venue?.close();
    if (!kafka) return;
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [rawTopic, alertTopic] }).catch(() => undefined);
    await admin
      .deleteGroups([`${rawTopic}-reader`, `${alertTopic}-reader`, `${alertTopic}-2`])
      .catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes every envelope keyed venue:symbol, in capture order per market, and alerts the injected gap with its range and a resync', async () => {
    // 176 diffs (one dropped), 2 trades, 4 snapshots at sync and 1 after the resync.
    const expected = 176 + 2 + 5;
    const raw = await readTopic(kafka, rawTopic, (count) => count >= expected);
    const envelopes: Envelope[] = raw.map(({ value }) => parseEnvelope(JSON.parse(value)));
    expect(raw.every(({ key }, i) => key === `binance:${envelopes[i]?.symbol}`)).toBe(true);
    expect(envelopes.every((e) => e.system === 'replica' && e.ingesterId === 'ingestor-it')).toBe(
      true,
    );
    expect(envelopes.filter((e) => e.type === 'trade')).toHaveLength(2);
    expect(envelopes.filter((e) => e.type === 'book_snapshot')).toHaveLength(5);

    for (const symbol of SYMBOLS) {
      const sent = venue.frames
        .map(depthOf)
        .filter((d): d is DepthData => d?.s === symbol && !(d.U === dropped.U && d.u === dropped.u))
        .map((d) => d.U);
      const got = envelopes
        .filter((e) => e.symbol === symbol && e.type === 'book_delta')
        .map((e) => e.firstUpdateId);
      expect(got).toEqual(sent);
    }

    const alerts: Alert[] = (await readTopic(kafka, alertTopic, (count) => count >= 2)).map(
      ({ value }) => parseAlert(JSON.parse(value)),
    );
    const gap = alerts.find((alert) => alert.kind === 'gap');
    expect(gap).toMatchObject({
      service: 'ingestor',
      instance: 'ingestor-it',
      system: 'replica',
      venue: 'binance',
      symbol: 'NKNUSDT',
      detail: { missingFrom: dropped.U, missingTo: dropped.u, count: dropped.u - dropped.U + 1 },
    });
    expect(alerts.find((alert) => alert.kind === 'resync')).toMatchObject({ symbol: 'NKNUSDT' });
    expect(venue.snapshotRequests.get('NKNUSDT')).toBe(2);

    const metrics = await fetch(`${httpUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/ingestor_gaps_total\{venue="binance"\} 1/);
    expect(metrics).toMatch(/ingestor_resyncs_total\{venue="binance",reason="gap"\} 1/);
  });

  it('reconnects with back-off after the venue drops the connection, resubscribes and alerts the reconnect', async () => {
    expect(venue.subscribes).toBe(1);
    venue.dropConnections();
    const deadline = Date.now() + 30_000;
    while (venue.subscribes < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(venue.subscribes).toBe(2);
    const alerts = (
      await readTopic(kafka, alertTopic, (count) => count >= 3, `${alertTopic}-2`)
    ).map(({ value }) => parseAlert(JSON.parse(value)));
    expect(alerts.find((alert) => alert.kind === 'reconnect')).toMatchObject({
      venue: 'binance',
      detail: { connection: 'binance#0', count: 1, markets: SYMBOLS.length },
    });
    const metrics = await fetch(`${httpUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/ingestor_reconnects_total\{venue="binance"\} 1/);
  });
});
