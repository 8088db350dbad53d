import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import {
  type Alert,
  type DeadLetter,
  decodeOriginalValue,
  type Envelope,
  parseAlert,
  parseCanonicalJson,
  parseDeadLetter,
  type TradeEnvelope,
} from '@tickline/domain';
import type { Kafka, Producer } from 'kafkajs';
import request from 'supertest';

import { PartitionAssignments } from '../src/pipeline/partition-assignments.service';
import { copyFrom, trade } from './envelopes.fixture';
import {
  eventually,
  ingesterProducer,
  readTopic,
  stackVariables,
  testKafka,
  waitForGroupCaughtUp,
} from './kafka.support';
import {
  capturedBy,
  expectedValid,
  type ScriptedEvent,
  venueForm,
  VenueScript,
} from './venue-script.fixture';
import { publishRaw, sorted, startApp, validatorRun, validByMarket } from './validator-run.support';

jest.setTimeout(300_000);

const repoRoot = join(__dirname, '..', '..', '..');
const appRoot = join(__dirname, '..');
const { runId, topics } = validatorRun('validator-it');

const publish = (producer: Producer, envelopes: readonly Envelope[]): Promise<void> =>
  publishRaw(producer, topics.raw, envelopes);

async function deadLetters(kafka: Kafka): Promise<(DeadLetter & { rule: string | undefined })[]> {
  return (await readTopic(kafka, topics.deadLetters)).map((record) => ({
    ...parseDeadLetter(JSON.parse(record.value)),
    rule: record.headers['validator-rule'],
  }));
}

async function alerts(kafka: Kafka): Promise<Alert[]> {
  return (await readTopic(kafka, topics.alerts)).map((record) =>
    parseAlert(JSON.parse(record.value)),
  );
}

/** Only events with an id of their own are re-sent: an id-less copy from one ingester is indistinguishable from a venue repeat. */
function hasIdentity(envelope: Envelope): boolean {
  if (envelope.type === 'trade') return envelope.payload.tradeId !== undefined;
  return envelope.venue !== 'coinbase';
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('No free port.');
  return address.port;
}

describe('validator against the real Kafka of the stack', () => {
  const stack = stackVariables();
  const kafka = testKafka(stack);
  const env: Record<string, string> = {
    ...stack,
    LOG_LEVEL: 'warn',
    HOSTNAME: 'validator-it',
    VALIDATOR_RAW_TOPIC: topics.raw,
    VALIDATOR_VALID_TOPIC: topics.valid,
    VALIDATOR_DEAD_LETTER_TOPIC: topics.deadLetters,
    VALIDATOR_ALERTS_TOPIC: topics.alerts,
    VALIDATOR_GROUP_ID: runId,
    VALIDATOR_SESSION_TIMEOUT: '8s',
  };
  const script = new VenueScript(20_240_301);
  /** Everything the venues sent so far, in order. */
  const sent: ScriptedEvent[] = [];
  const open: INestApplication[] = [];
  let ingesterA: Producer;
  let ingesterB: Producer;
  let ingesterC: Producer;
  /** Ingester B's copies it had not delivered when the first validator stopped. */
  let lateFromB: Envelope[] = [];
  let gap: { expected: number; received: number };

  beforeAll(async () => {
    [ingesterA, ingesterB, ingesterC] = await Promise.all([
      ingesterProducer(kafka),
      ingesterProducer(kafka),
      ingesterProducer(kafka),
    ]);
  });

  afterAll(async () => {
    for (const app of open) await app.close().catch(() => undefined);
    await Promise.all([ingesterA, ingesterB, ingesterC].map((producer) => producer?.disconnect()));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([runId]).catch(() => undefined);
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes each event of two ingesters once, and one alert and dead letter per fault', async () => {
    const app = await startApp(env);
    open.push(app);
    const part: ScriptedEvent[] = [...script.opening(), ...script.events(150)];
    const bybitGap = script.bybitGap(2);
    gap = bybitGap;
    part.push(
      bybitGap.event,
      ...script.events(100),
      script.okxCrossed(),
      ...script.events(100),
      script.coinbaseZeroTrade(),
      ...script.events(100),
      script.binanceFutureTrade(),
      ...script.events(100),
    );
    sent.push(...part);
    const fromA = capturedBy(part, 'ingestor-a');
    const fromB = capturedBy(part, 'ingestor-b');
    // Ingester A sends some events twice (a producer retry); ingester B lags behind.
    const withRepeats = fromA.flatMap((event, i) =>
      i % 37 === 5 && hasIdentity(event) ? [event, event] : [event],
    );
    const cut = Math.floor(fromB.length * 0.85);
    lateFromB = fromB.slice(cut);
    await Promise.all([publish(ingesterA, withRepeats), publish(ingesterB, fromB.slice(0, cut))]);

    // Records that are no events, from one ingester.
    const notJson = '{"v":1,"venue":"binance","symbol":"BTCUSDT",';
    const badSchema = JSON.stringify({
      ...trade('okx', 'BTC-USDT', { tradeId: 'x-1' }),
      payload: { price: '-1', size: '1', side: 'buy', tradeId: 'x-1' },
    });
    await ingesterA.send({
      topic: topics.raw,
      messages: [
        { key: 'binance:BTCUSDT', value: notJson },
        { key: 'okx:BTC-USDT', value: badSchema },
      ],
    });
    // A third, late capture: an exact copy (dropped silently) and one that differs (divergence).
    const firstTrade = part.find(
      (event) => event.envelope.venue === 'binance' && event.envelope.type === 'trade',
    )?.envelope as TradeEnvelope;
    const diverging = copyFrom(
      { ...firstTrade, payload: { ...firstTrade.payload, price: '1.5' } },
      'ingestor-c',
    );
    await publish(ingesterC, [copyFrom(part[10]?.envelope as Envelope, 'ingestor-c'), diverging]);

    await waitForGroupCaughtUp(kafka, runId, topics.raw);

    expect(sorted(validByMarket(await readTopic(kafka, topics.valid)))).toEqual(
      sorted(expectedValid(sent)),
    );

    const letters = await deadLetters(kafka);
    expect(letters.map((letter) => [letter.rule, letter.reason, letter.source.key]).sort()).toEqual(
      [
        ['bad_number', 'processing_error', 'coinbase:BTC-USD'],
        ['crossed_book', 'processing_error', 'okx:BTC-USDT'],
        ['future_timestamp', 'processing_error', 'binance:BTCUSDT'],
        ['invalid_json', 'invalid_json', 'binance:BTCUSDT'],
        ['schema_error', 'schema_error', 'okx:BTC-USDT'],
      ],
    );
    for (const letter of letters) {
      expect(letter.source.topic).toBe(topics.raw);
      expect(letter.service).toBe('validator');
      const original = decodeOriginalValue(
        letter.value as NonNullable<DeadLetter['value']>,
      ).toString('utf8');
      if (letter.rule === 'invalid_json') expect(original).toBe(notJson);
      else if (letter.rule === 'schema_error') expect(original).toBe(badSchema);
      else {
        // Whichever ingester's copy came first: the venue's message either way.
        const expected = part.find((event) => event.fate === letter.rule)?.envelope as Envelope;
        expect(venueForm(parseCanonicalJson(original))).toBe(venueForm(expected));
      }
    }

    const raised = await alerts(kafka);
    expect(
      raised.map((alert) => [alert.kind, alert.severity, `${alert.venue}:${alert.symbol}`]).sort(),
    ).toEqual([
      ['bad_number', 'warning', 'coinbase:BTC-USD'],
      ['crossed_book', 'warning', 'okx:BTC-USDT'],
      ['duplicate', 'critical', 'binance:BTCUSDT'],
      ['future_timestamp', 'warning', 'binance:BTCUSDT'],
      ['gap', 'warning', 'bybit:ETHUSDT'],
      ['schema_error', 'warning', 'binance:BTCUSDT'],
      ['schema_error', 'warning', 'okx:BTC-USDT'],
    ]);
    expect(raised.find((alert) => alert.kind === 'gap')?.detail).toEqual({
      expected: gap.expected,
      received: gap.received,
      count: gap.received - gap.expected,
      reason: 'update_id_gap',
    });
    expect(raised.find((alert) => alert.kind === 'duplicate')?.detail).toMatchObject({
      reason: 'divergent_content',
      received: `trade ${firstTrade.payload.tradeId}`,
      ingesterId: 'ingestor-c',
    });
    for (const alert of raised) expect(alert.instance).toBe('validator-it');

    const server = app.getHttpServer();
    const ready = await request(server).get('/readyz').expect(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['kafka', 'validator']);
    const metrics = (await request(server).get('/metrics').expect(200)).text;
    expect(metrics).toContain('validator_events_rejected_total{reason="crossed_book"} 1');
    expect(metrics).toContain('validator_events_rejected_total{reason="invalid_json"} 1');
    expect(metrics).toContain('validator_alerts_total{kind="gap",severity="warning"} 1');
    expect(metrics).toContain('validator_alerts_total{kind="duplicate",severity="critical"} 1');
    expect(metrics).toMatch(
      /validator_events_duplicate_total\{venue="binance",kind="duplicate"\} [1-9]/,
    );
    expect(metrics).toMatch(/validator_consumer_lag\{partition="\d"\} 0/);
    const accepted = [
      ...metrics.matchAll(/validator_events_accepted_total\{[^}]*\} (\d+)/g),
    ].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(accepted).toBe(sent.filter((event) => event.fate === 'valid').length);
  });

  it('after a restart drops late copies of validated events, and shares partitions between two replicas', async () => {
    await open.pop()?.close();
    // While no validator runs: ingester B catches up (copies of events already validated), and
    // both ingesters send more.
    await publish(ingesterB, lateFromB);
    const part = script.events(300);
    sent.push(...part);
    await Promise.all([
      publish(ingesterA, capturedBy(part, 'ingestor-a')),
      publish(ingesterB, capturedBy(part, 'ingestor-b')),
    ]);

    const replicas = await Promise.all([startApp(env), startApp(env)]);
    open.push(...replicas);
    const owned = await eventually(
      'both replicas to own raw partitions',
      async () => replicas.map((app) => app.get(PartitionAssignments).partitions),
      ([first, second]) =>
        (first?.length ?? 0) > 0 &&
        (second?.length ?? 0) > 0 &&
        (first?.length ?? 0) + (second?.length ?? 0) === 6,
    );
    expect([...(owned[0] ?? []), ...(owned[1] ?? [])].sort()).toEqual([0, 1, 2, 3, 4, 5]);

    const more = script.events(200);
    sent.push(...more);
    await Promise.all([
      publish(ingesterA, capturedBy(more, 'ingestor-a')),
      publish(ingesterB, capturedBy(more, 'ingestor-b')),
    ]);
    await waitForGroupCaughtUp(kafka, runId, topics.raw);

    expect(sorted(validByMarket(await readTopic(kafka, topics.valid)))).toEqual(
      sorted(expectedValid(sent)),
    );
    expect(await deadLetters(kafka)).toHaveLength(5);
    expect(await alerts(kafka)).toHaveLength(7);
    await Promise.all(open.splice(0).map((app) => app.close()));
  });

  it('after a crash (SIGKILL) mid-stream neither loses nor duplicates anything', async () => {
    execFileSync('npx', ['nx', 'run', 'validator:build', '--output-style=static'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
      cwd: appRoot,
      env: { PATH: process.env['PATH'] ?? '', ...env, PORT: String(port) },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    let endAtKill = 0;
    try {
      await eventually(
        'the validator process to be ready',
        async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status,
        (status) => status === 200,
      );
      const committedBefore = await validEnd(kafka);
      const part = [...script.events(1500), script.binanceZeroPrice(), ...script.events(1500)];
      sent.push(...part);
      const publishing = Promise.all([
        publish(ingesterA, capturedBy(part, 'ingestor-a')),
        publish(ingesterB, capturedBy(part, 'ingestor-b')),
      ]);
      // Killed as soon as it has committed part of the new events, while the ingesters still send.
      await eventually(
        'the process to commit new events',
        () => validEnd(kafka),
        (end) => end > committedBefore,
        120_000,
      );
      child.kill('SIGKILL');
      await exited;
      endAtKill = await validEnd(kafka);
      await publishing;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    const app = await startApp(env);
    open.push(app);
    await waitForGroupCaughtUp(kafka, runId, topics.raw);

    // The killed process left work behind, which the new one finished.
    expect(await validEnd(kafka)).toBeGreaterThan(endAtKill);
    expect(sorted(validByMarket(await readTopic(kafka, topics.valid)))).toEqual(
      sorted(expectedValid(sent)),
    );
    const letters = await deadLetters(kafka);
    expect(letters.map((letter) => letter.rule).sort()).toEqual([
      'bad_number',
      'bad_number',
      'crossed_book',
      'future_timestamp',
      'invalid_json',
      'schema_error',
    ]);
    expect(
      (await alerts(kafka)).map((alert) => alert.kind).filter((kind) => kind === 'bad_number'),
    ).toHaveLength(2);
  });
});

/** The sum of the valid topic's last stable offsets: grows only when a transaction commits. */
async function validEnd(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topics.valid)).reduce(
      (sum, p) => sum + Number(p.high),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}
