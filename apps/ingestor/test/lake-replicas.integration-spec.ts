import { randomBytes } from 'node:crypto';

import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import { MICROS_PER_MINUTE, parseLakeKey } from '@tickline/domain';
import { collectLakeObject } from '@tickline/lake';
import { createServiceApp } from '@tickline/service-kit';
import type { CaptureLine } from '@tickline/venues';
import { Kafka, logLevel } from 'kafkajs';

import { AppModule } from '../src/app.module';
import { FakeBinance } from './binance-ws.fake-venue';

jest.setTimeout(120_000);

const runId = `ingestor-lake-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const STACK = ['KAFKA_BROKERS', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];

function stackEnv(): Record<string, string> {
  const missing = STACK.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `ingestor integration tests need the local stack (${missing.join(', ')} unset): run ` +
        '`npm run stack -- up` and `eval "$(npm run -s stack -- env --export)"` first.',
    );
  }
  return Object.fromEntries(
    [...STACK, 'S3_REGION'].flatMap((name) => {
      const value = process.env[name];
      return value ? [[name, value]] : [];
    }),
  );
}

/** Binance trade frames every 500 ms of exchange time from 20 s into one minute to 30 s into the third. */
function tradeFrames(): { frames: CaptureLine[]; fullMinuteStartMs: number; inFullMinute: number } {
  const base = Date.UTC(2026, 0, 5, 10, 0, 0);
  const frames: CaptureLine[] = [];
  let inFullMinute = 0;
  for (let ms = base + 20_000, id = 1; ms < base + 150_000; ms += 500, id += 1) {
    if (ms >= base + 60_000 && ms < base + 120_000) inFullMinute += 1;
    const data = {
      e: 'trade',
      E: ms,
      s: 'BTCUSDT',
      t: id,
      p: `${40000 + (id % 50)}.10`,
      q: '0.00100000',
      T: ms,
      m: id % 2 === 0,
    };
    const body = JSON.stringify({ stream: 'btcusdt@trade', data });
    frames.push({
      kind: 'received',
      ts: ms / 1000,
      tsText: String(ms / 1000),
      timeUs: ms * 1000,
      body,
    });
  }
  return { frames, fullMinuteStartMs: base + 60_000, inFullMinute };
}

async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
}

describe('two ingestor replicas writing the same lake', () => {
  const env = stackEnv();
  const bucket = runId.toLowerCase();
  const topic = `${runId}.raw`;
  const alertTopic = `${runId}.alerts`;
  const s3 = new S3Client({
    endpoint: env['S3_ENDPOINT'],
    region: env['S3_REGION'] ?? 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: env['S3_ACCESS_KEY_ID'] ?? '',
      secretAccessKey: env['S3_SECRET_ACCESS_KEY'] ?? '',
    },
  });
  const { frames, fullMinuteStartMs, inFullMinute } = tradeFrames();
  const venues: FakeBinance[] = [];
  const apps: INestApplication[] = [];

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const venue of venues) await venue.close();
    for (const key of await listKeys(s3, bucket).catch(() => [])) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    s3.destroy();
    const kafka = new Kafka({
      brokers: (env['KAFKA_BROKERS'] ?? '').split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, alertTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  async function replica(id: string): Promise<INestApplication> {
    const venue = new FakeBinance(
      () => false,
      () => undefined,
      frames,
    );
    venues.push(venue);
    const address = await venue.listen();
    const app = await createServiceApp(
      AppModule.forRoot({
        env: {
          ...env,
          LOG_LEVEL: 'error',
          INGESTOR_ID: id,
          INGESTOR_SYSTEM: 'primary',
          INGESTOR_RAW_TOPIC: topic,
          INGESTOR_ALERT_TOPIC: alertTopic,
          INGESTOR_LAKE_BUCKET: bucket,
          INGESTOR_LAKE_IDLE_CLOSE_AFTER: '0',
          INGESTOR_SUBSCRIPTIONS: JSON.stringify({
            venues: [
              {
                venue: 'binance',
                options: { wsUrl: `ws://${address}`, restUrl: `http://${address}` },
                symbols: ['BTCUSDT'],
                types: ['trade'],
              },
            ],
          }),
        },
      }),
    );
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return app;
  }

  async function metricsOf(app: INestApplication): Promise<string> {
    const url = (await app.getUrl())
      .replace('[::1]', '127.0.0.1')
      .replace('localhost', '127.0.0.1');
    return fetch(`${url}/metrics`).then((r) => r.text());
  }

  it('stores a window both saw whole once under the canonical key; the second writer counts a dedup hit', async () => {
    const a = await replica('ingestor-a');
    const b = await replica('ingestor-b');
    const canonicalWritten = async () => {
      const texts = await Promise.all([a, b].map(metricsOf));
      return texts.map((text) => ({
        created:
          /ingestor_lake_windows_written_total\{venue="binance",type="trade",kind="canonical"\} 1/.test(
            text,
          ),
        dedup:
          /ingestor_lake_dedup_hits_total\{venue="binance",type="trade",verification="identical"\} 1/.test(
            text,
          ),
      }));
    };
    const deadline = Date.now() + 30_000;
    let state = await canonicalWritten();
    while (!state.every((s) => s.created || s.dedup) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await canonicalWritten();
    }
    // Exactly one replica created the canonical object, the other found it there.
    expect(state.filter((s) => s.created)).toHaveLength(1);
    expect(state.filter((s) => s.dedup)).toHaveLength(1);

    // At shutdown the rest is flushed: the first and last minutes were not seen whole.
    for (const app of apps.splice(0)) await app.close();
    const keys = await listKeys(s3, bucket);
    const canonical = keys.filter((key) => !key.includes('.partial.'));
    expect(canonical).toHaveLength(1);
    const [key] = canonical;
    expect(parseLakeKey(key ?? '')).toMatchObject({
      system: 'primary',
      type: 'trade',
      venue: 'binance',
      market: 'BTC-USDT',
      windowStartUs: fullMinuteStartMs * 1000,
    });
    const object = await collectLakeObject(s3, bucket, key ?? '');
    expect(object.issues).toEqual([]);
    expect(object.events).toHaveLength(inFullMinute);
    for (const event of object.events) {
      expect(event.exchangeTimeUs - fullMinuteStartMs * 1000).toBeLessThan(MICROS_PER_MINUTE);
    }
    const partial = keys.filter((k) => k.includes('.partial.'));
    expect(partial.filter((k) => k.includes('.partial.ingestor-a.'))).toHaveLength(2);
    expect(partial.filter((k) => k.includes('.partial.ingestor-b.'))).toHaveLength(2);
  });
});
