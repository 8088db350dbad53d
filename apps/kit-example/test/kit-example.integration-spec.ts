import { randomBytes } from 'node:crypto';

import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import {
  createKafkaClient,
  createProducer,
  createS3Client,
  createServiceApp,
  DrainService,
  kafkaClientOptions,
  kafkaConfigFields,
  parseConfig,
  s3ClientOptions,
  s3ConfigFields,
} from '@tickline/service-kit';
import request from 'supertest';
import { z } from 'zod';

import { AppModule } from '../src/app.module';

jest.setTimeout(120_000);

const runId = `kit-e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** The stack's variables; the app validates the rest itself. */
function stackVariables(): Record<string, string | undefined> {
  const required = [
    'KAFKA_BROKERS',
    'DATABASE_URL',
    'S3_ENDPOINT',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
  ];
  const missing = required.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `kit-example e2e needs the local stack (${missing.join(', ')} unset): run ` +
        '`npm run stack -- up` and `eval "$(npm run -s stack -- env --export)"` first.',
    );
  }
  const pick = [...required, 'S3_REGION', 'S3_FORCE_PATH_STYLE'];
  return Object.fromEntries(pick.map((name) => [name, process.env[name]]));
}

async function startApp(env: Record<string, string | undefined>): Promise<INestApplication> {
  const app = await createServiceApp(AppModule.forRoot({ env }));
  await app.listen(0, '127.0.0.1');
  return app;
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('kit-example end to end (real Kafka, PostgreSQL, MinIO)', () => {
  const stack = stackVariables();
  const env = {
    ...stack,
    LOG_LEVEL: 'warn',
    EXAMPLE_TOPIC: `${runId}.greetings`,
    EXAMPLE_GROUP_ID: runId,
    EXAMPLE_BUCKET: runId,
  };
  let app: INestApplication;
  let closed = false;

  beforeAll(async () => {
    app = await startApp(env);
  });

  afterAll(async () => {
    if (!closed) {
      await app?.close();
    }
    const kafka = createKafkaClient(
      kafkaClientOptions({
        ...parseConfig(z.object(kafkaConfigFields()), stack),
        SERVICE_NAME: 'kit-example-e2e',
        LOG_LEVEL: 'error',
      }),
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([runId, `${runId}-bad-s3`]).catch(() => undefined);
    await admin.deleteTopics({ topics: [env.EXAMPLE_TOPIC] });
    await admin.disconnect();
    const s3 = createS3Client(s3ClientOptions(parseConfig(z.object(s3ConfigFields()), stack)));
    await s3.send(new DeleteBucketCommand({ Bucket: env.EXAMPLE_BUCKET }));
    s3.destroy();
  });

  it('is alive', async () => {
    const response = await request(app.getHttpServer()).get('/healthz').expect(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });

  it('is ready with Kafka, PostgreSQL and S3 answering', async () => {
    const response = await request(app.getHttpServer()).get('/readyz').expect(200);
    expect(response.body.status).toBe('ready');
    expect(response.body.failing).toEqual([]);
    expect(Object.keys(response.body.checks).sort()).toEqual(['kafka', 'postgresql', 's3']);
  });

  it('produces through its endpoint and counts what its consumer receives', async () => {
    const server = app.getHttpServer();
    const keys = ['alpha', 'beta', 'alpha'];
    for (const [index, key] of keys.entries()) {
      const response = await request(server)
        .post('/greetings')
        .set('x-request-id', `${runId}-${index}`)
        .send({ key, text: `hello ${index}`, headers: { 'schema-version': '1' } })
        .expect(202);
      expect(response.body).toMatchObject({ topic: env.EXAMPLE_TOPIC });
      expect(typeof response.body.partition).toBe('number');
    }

    const stats = await eventually(
      'the consumer to count 3 greetings',
      async () =>
        (await request(server).get('/greetings/stats').expect(200)).body as { received: number },
      (body) => body.received >= 3,
    );
    expect(stats).toEqual({ received: 3, rejected: 0, byKey: { alpha: 2, beta: 1 } });

    const metrics = await request(server).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toContain('kit_example_greetings_produced_total 3');
    expect(metrics.text).toContain('kit_example_greetings_consumed_total{outcome="accepted"} 3');
    expect(metrics.text).toContain('process_resident_memory_bytes');
    expect(metrics.text).toContain(
      'kit_example_http_request_duration_seconds_count{method="POST",route="/greetings",status_code="202"} 3',
    );
    expect(metrics.text).not.toContain('route="/healthz"');
  });

  it('counts and skips a message that is not a greeting, and keeps consuming', async () => {
    const server = app.getHttpServer();
    const before = (await request(server).get('/greetings/stats').expect(200)).body as {
      received: number;
    };
    const producer = createProducer(
      createKafkaClient(
        kafkaClientOptions({
          ...parseConfig(z.object(kafkaConfigFields()), stack),
          SERVICE_NAME: 'kit-example-e2e',
          LOG_LEVEL: 'error',
        }),
      ),
    );
    await producer.connect();
    await producer.send({
      topic: env.EXAMPLE_TOPIC,
      messages: [{ key: 'alpha', value: 'not json at all' }],
    });
    await producer.disconnect();
    // Same key, same partition: once this one is counted, the bad one before it was handled.
    await request(server)
      .post('/greetings')
      .send({ key: 'alpha', text: 'after the bad one' })
      .expect(202);

    const stats = await eventually(
      'the consumer to pass the bad message',
      async () =>
        (await request(server).get('/greetings/stats').expect(200)).body as {
          received: number;
          rejected: number;
        },
      (body) => body.received > before.received,
    );
    expect(stats).toMatchObject({ received: before.received + 1, rejected: 1 });
    const metrics = await request(server).get('/metrics').expect(200);
    expect(metrics.text).toContain('kit_example_greetings_consumed_total{outcome="rejected"} 1');
  });

  it('answers bad requests with clean 4xx JSON', async () => {
    const server = app.getHttpServer();
    const invalid = await request(server)
      .post('/greetings')
      .send({ key: '', extra: 1 })
      .expect(400);
    expect(invalid.body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
    expect(invalid.body.errors.map((issue: { path: string[] }) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['key', 'text']),
    );
    const malformed = await request(server)
      .post('/greetings')
      .set('content-type', 'application/json')
      .send('{"key": ')
      .expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const unknown = await request(server).get('/nowhere').expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404 });
    for (const body of [invalid.text, malformed.text, unknown.text]) {
      expect(body).not.toMatch(/\n\s+at /);
    }
  });

  it('reports 503 naming S3 when S3 is unreachable', async () => {
    const broken = await startApp({
      ...env,
      // Nothing listens on port 1: connections are refused at once.
      S3_ENDPOINT: 'http://127.0.0.1:1',
      EXAMPLE_GROUP_ID: `${runId}-bad-s3`,
    });
    try {
      const response = await request(broken.getHttpServer()).get('/readyz').expect(503);
      expect(response.body.status).toBe('not_ready');
      expect(response.body.failing).toEqual(['s3']);
      expect(response.body.checks.s3.error).toContain('ECONNREFUSED');
      expect(response.body.checks.kafka.status).toBe('up');
      expect(response.body.checks.postgresql.status).toBe('up');
      await request(broken.getHttpServer()).get('/healthz').expect(200);
    } finally {
      await broken.close();
    }
  });

  it('drains the consumer first on shutdown, reporting not-ready while it drains', async () => {
    const drain = app.get(DrainService);
    const server = app.getHttpServer();
    let readinessDuringDrain: { status: number; body: unknown } | undefined;
    drain.register(
      'observe readiness',
      async () => {
        const response = await request(server).get('/readyz');
        readinessDuringDrain = { status: response.status, body: response.body };
      },
      { order: 20 },
    );

    await app.close();
    closed = true;

    expect(readinessDuringDrain).toEqual({
      status: 503,
      body: { status: 'draining', failing: [], checks: {} },
    });
    const reports = await drain.drain();
    expect(reports.map((report) => [report.name, report.outcome])).toEqual([
      [`kafka consumer ${runId}`, 'drained'],
      ['observe readiness', 'drained'],
    ]);
  });
});
