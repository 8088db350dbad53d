// The operator console in a real browser: Debian's chromium driven by playwright-core. A cache
// (the built app, as its own process) is fed by a producer on topics unique to the run; the
// console runs in-process against it. The page must show the market row with its last trade and
// an order book that changes when a new delta is produced. A screenshot is left in
// test-artifacts/console.png (repository root) for CI to keep.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { BookLevel, Envelope } from '@tickline/domain';
import { createServiceApp } from '@tickline/service-kit';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { chromium, type Browser } from 'playwright-core';

import { AppModule } from '../src/app.module';

jest.setTimeout(240_000);

const REPO_ROOT = join(__dirname, '..', '..', '..');
const SCREENSHOT = join(REPO_ROOT, 'test-artifacts', 'console.png');
const MARKET = { venue: 'binance' as const, symbol: 'BTCUSDT', market: 'BTC-USDT' };

function brokers(): string {
  const value = process.env.KAFKA_BROKERS;
  if (!value) {
    throw new Error('Needs the local stack: eval "$(npm run -s stack -- env --export)" first.');
  }
  return value;
}

/** Debian's chromium, installed by deploy/scripts/ensure-chromium.sh when missing. */
function chromiumPath(): string {
  return execFileSync('bash', [join(REPO_ROOT, 'deploy', 'scripts', 'ensure-chromium.sh')], {
    encoding: 'utf8',
  }).trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function envelope(step: number): Omit<Envelope, 'type' | 'payload'> {
  const nowUs = Date.now() * 1000;
  return {
    v: 1,
    ...MARKET,
    exchangeTimeUs: nowUs,
    receiveTimeUs: nowUs + 100,
    system: 'primary',
    ingesterId: `console-test-${step}`,
  } as Omit<Envelope, 'type' | 'payload'>;
}

const snapshot = (bids: BookLevel[], asks: BookLevel[]): Envelope =>
  ({ ...envelope(1), type: 'book_snapshot', lastUpdateId: 1, payload: { bids, asks } }) as Envelope;
const delta = (step: number, bids: BookLevel[], asks: BookLevel[]): Envelope =>
  ({
    ...envelope(step),
    type: 'book_delta',
    firstUpdateId: step,
    lastUpdateId: step,
    payload: { bids, asks },
  }) as Envelope;
const trade = (step: number, price: string, size: string): Envelope =>
  ({
    ...envelope(step),
    type: 'trade',
    payload: { price, size, side: 'buy', tradeId: String(step) },
  }) as Envelope;

describe('operator console in chromium', () => {
  const run = `console-it-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const validTopic = `${run}.valid`;
  const snapshotTopic = `${run}.snapshots`;
  const alertTopic = `${run}.alerts`;
  let kafka: Kafka;
  let producer: Producer;
  let cache: ChildProcess | undefined;
  let cacheExit: string | undefined;
  let consoleApp: INestApplication | undefined;
  let browser: Browser | undefined;

  const produce = (envelopes: Envelope[]) =>
    producer.send({
      topic: validTopic,
      messages: envelopes.map((e) => ({ key: `${e.venue}:${e.symbol}`, value: JSON.stringify(e) })),
    });

  beforeAll(async () => {
    kafka = new Kafka({ clientId: run, brokers: brokers().split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: validTopic, numPartitions: 1 },
        { topic: alertTopic, numPartitions: 1 },
        {
          topic: snapshotTopic,
          numPartitions: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    await produce([
      snapshot(
        [
          ['50000.10', '1.5'],
          ['49999.00', '2'],
        ],
        [
          ['50001.20', '0.7'],
          ['50002.00', '3'],
        ],
      ),
      trade(2, '50000.55', '0.25'),
    ]);

    const cachePort = await freePort();
    cache = spawn(process.execPath, [join(REPO_ROOT, 'apps', 'cache', 'dist', 'main.js')], {
      env: {
        ...process.env,
        PORT: String(cachePort),
        GRPC_PORT: '0',
        LOG_LEVEL: 'error',
        CACHE_VALID_TOPIC: validTopic,
        CACHE_SNAPSHOT_TOPIC: snapshotTopic,
        CACHE_GROUP_PREFIX: run,
        CACHE_INSTANCE_ID: 'browser-test',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    cache.on('exit', (code, signal) => (cacheExit = `exited with ${code ?? signal}`));
    const cacheUrl = `http://127.0.0.1:${cachePort}`;
    await until('the cache to be ready', async () => {
      if (cacheExit) throw new Error(`cache ${cacheExit}`);
      return (await fetch(`${cacheUrl}/readyz`)).ok ? true : undefined;
    });

    consoleApp = await createServiceApp(
      AppModule.forRoot({
        env: {
          KAFKA_BROKERS: brokers(),
          // No publisher or exporter runs here: their 502s are expected, not worth a log line.
          LOG_LEVEL: 'fatal',
          CONSOLE_CACHE_URL: cacheUrl,
          CONSOLE_METRICS_URLS: `cache=${cacheUrl}/metrics`,
          CONSOLE_METRICS_INTERVAL: '500ms',
          CONSOLE_ALERTS_TOPIC: alertTopic,
          CONSOLE_GROUP_PREFIX: run,
        },
      }),
    );
    await consoleApp.listen(0, '127.0.0.1');
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await consoleApp?.close();
    if (cache && !cacheExit) {
      const exited = new Promise((r) => cache?.once('exit', r));
      cache.kill('SIGTERM');
      await exited;
    }
    await producer?.disconnect();
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      await admin
        .deleteTopics({ topics: [validTopic, snapshotTopic, alertTopic] })
        .catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('shows the market with its last trade and an order book that updates live, and takes a screenshot', async () => {
    const address = consoleApp?.getHttpServer().address() as { port: number };
    const page = await (browser as Browser).newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${address.port}/`);

    const row = page.locator(`tr[data-market="binance:BTCUSDT"]`);
    await row.waitFor({ timeout: 30_000 });
    await until('the last trade in the market row', async () =>
      (await row.textContent())?.includes('50000.55') ? true : undefined,
    );
    expect(await row.textContent()).toContain('1.1'); // spread 50001.20 - 50000.10

    const book = page.locator('#book');
    await until('the book of the selected market', async () =>
      (await book.getAttribute('data-market')) === 'binance:BTCUSDT' ? true : undefined,
    );
    expect(await page.locator('#bids tbody').textContent()).toContain('50000.10');
    const updatesBefore = Number(await book.getAttribute('data-updates'));

    // A live delta: a new best bid must appear without reloading the page.
    await produce([delta(3, [['50000.90', '4.25']], []), trade(4, '50000.95', '0.5')]);
    await until('the order book to show the new best bid', async () =>
      (await page.locator('#bids tbody tr').first().textContent())?.includes('50000.90')
        ? true
        : undefined,
    );
    expect(Number(await book.getAttribute('data-updates'))).toBeGreaterThan(updatesBefore);
    await until('the new trade in the market row', async () =>
      (await row.textContent())?.includes('50000.95') ? true : undefined,
    );
    // The rate chart draws the cache's applied events once two readings exist.
    await until('a message-rate series', async () =>
      (await page.locator('#rates polyline').count()) > 0 ? true : undefined,
    );

    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
  });
});
