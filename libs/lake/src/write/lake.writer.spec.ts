import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { binanceDelta, MINUTE_0, MINUTE_US } from '../../test/lake-events.fixture';
import { MinuteBatcher } from '../batch/minute-batcher.model';
import { type EncodedWindow, encodeWindowSync } from '../encode/encode-window.util';
import type { LakeMetricLabels } from './lake-writer-metrics.interface';
import { LakeWriteError } from './lake-writer.types';
import { LakeWriter } from './lake.writer';

// The retry policy, result shapes and metric calls, with a scripted stand-in for the S3 client.
// What S3 itself does with the conditional puts is tested against the real server in
// test/lake.integration-spec.ts.

type Reply = { ok: unknown } | { error: unknown };

function s3Error(name: string, status?: number): Error {
  const error = new Error(`${name} from the script`);
  error.name = name;
  Object.assign(error, { $metadata: status === undefined ? {} : { httpStatusCode: status } });
  return error;
}

class ScriptedClient {
  readonly calls: { command: string; input: Record<string, unknown> }[] = [];

  constructor(private readonly replies: Reply[]) {}

  async send(command: {
    constructor: { name: string };
    input: Record<string, unknown>;
  }): Promise<unknown> {
    this.calls.push({ command: command.constructor.name, input: command.input });
    const reply = this.replies.shift();
    if (reply === undefined) throw new Error(`No scripted reply for call ${this.calls.length}`);
    if ('error' in reply) throw reply.error;
    return reply.ok;
  }
}

function window(complete: boolean): EncodedWindow {
  const batcher = new MinuteBatcher({ graceUs: 1_000_000 });
  const stream = binanceDelta(MINUTE_0, 0);
  if (complete) batcher.markContinuous(stream, MINUTE_0 - 1);
  batcher.push(binanceDelta(MINUTE_0 + 1_000, 10));
  batcher.push(binanceDelta(MINUTE_0 + 2_000, 13));
  batcher.push(binanceDelta(MINUTE_0 + MINUTE_US + 1_000_000, 16));
  const [closed] = batcher.takeClosed();
  if (closed === undefined) throw new Error('expected a closed window');
  return encodeWindowSync(closed);
}

function recorder() {
  const events: string[] = [];
  const label = (labels: LakeMetricLabels) =>
    `${labels.system}/${labels.type}/${labels.venue}/${labels.kind}`;
  return {
    events,
    metrics: {
      windowWritten: (l: LakeMetricLabels, bytes: number, count: number) =>
        events.push(`written ${label(l)} ${bytes > 0} ${count}`),
      dedupHit: (l: LakeMetricLabels, verification: string) =>
        events.push(`dedup ${label(l)} ${verification}`),
      partialWindow: (l: LakeMetricLabels) => events.push(`partial ${label(l)}`),
      divergence: (l: LakeMetricLabels) => events.push(`diverged ${label(l)}`),
      putLatency: (_l: LakeMetricLabels, seconds: number, outcome: string) =>
        events.push(`latency ${seconds >= 0} ${outcome}`),
      putRetry: (_l: LakeMetricLabels, name: string) => events.push(`retry ${name}`),
    },
  };
}

function writerWith(client: ScriptedClient, extra: { maxAttempts?: number } = {}) {
  const sleeps: number[] = [];
  const recorded = recorder();
  const writer = new LakeWriter({
    client: client as unknown as Pick<S3Client, 'send'>,
    bucket: 'lake',
    ingesterId: 'ingestor-1',
    metrics: recorded.metrics,
    retry: { baseDelayMs: 100, maxDelayMs: 250, maxAttempts: extra.maxAttempts ?? 5 },
    random: () => 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { writer, sleeps, events: recorded.events };
}

const CANONICAL_KEY =
  'raw/primary/book_delta/binance/NKN-USDT/year=2023/month=11/day=14/binance_NKN-USDT_book_delta_20231114T2213.ndjson.gz';

describe('LakeWriter', () => {
  it('puts a complete window under its canonical key with If-None-Match and the content digests', async () => {
    const encoded = window(true);
    const client = new ScriptedClient([{ ok: {} }]);
    const { writer, events } = writerWith(client);
    const result = await writer.put(encoded);
    expect(result).toMatchObject({
      key: CANONICAL_KEY,
      kind: 'canonical',
      outcome: 'created',
      attempts: 1,
      events: 2,
    });
    const [call] = client.calls;
    expect(call?.command).toBe(PutObjectCommand.name);
    expect(call?.input).toMatchObject({
      Bucket: 'lake',
      Key: CANONICAL_KEY,
      IfNoneMatch: '*',
      ContentType: 'application/gzip',
      ContentMD5: Buffer.from(encoded.md5Hex, 'hex').toString('base64'),
      Metadata: {
        'lake-format': '1',
        'content-sha256': encoded.contentSha256,
        events: '2',
        writer: 'ingestor-1',
        'window-kind': 'canonical',
        'receive-lag-us': '4000..4000',
      },
    });
    expect(call?.input['Body']).toBe(encoded.body);
    expect(events).toEqual([
      'latency true created',
      'written primary/book_delta/binance/canonical true 2',
    ]);
  });

  it('puts a partial window under its own partial key and reports why', async () => {
    const client = new ScriptedClient([{ ok: {} }]);
    const { writer, events } = writerWith(client);
    const result = await writer.put(window(false));
    expect(result.key).toBe(CANONICAL_KEY.replace('.ndjson.gz', '.partial.ingestor-1.ndjson.gz'));
    expect(result).toMatchObject({
      kind: 'partial',
      outcome: 'created',
      window: { partialReasons: ['not_from_start'] },
    });
    expect(client.calls[0]?.input).toMatchObject({
      IfNoneMatch: '*',
      Metadata: { 'window-kind': 'partial', 'partial-reasons': 'not_from_start' },
    });
    expect(events).toContain('partial primary/book_delta/binance/partial');
  });

  it('retries transient failures with capped exponential back-off, then succeeds', async () => {
    const client = new ScriptedClient([
      { error: s3Error('ServiceUnavailable', 503) },
      { error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} }) },
      { error: s3Error('SlowDown', 503) },
      { ok: {} },
    ]);
    const { writer, sleeps, events } = writerWith(client);
    const result = await writer.put(window(true));
    expect(result).toMatchObject({ outcome: 'created', attempts: 4 });
    // 100, 200, then the 250 ms cap (random() = 1 picks the top of each jitter range).
    expect(sleeps).toEqual([100, 200, 250]);
    expect(events.filter((e) => e.startsWith('retry'))).toEqual([
      'retry ServiceUnavailable',
      'retry ECONNRESET',
      'retry SlowDown',
    ]);
    expect(events.filter((e) => e.startsWith('latency'))).toEqual([
      'latency true error',
      'latency true error',
      'latency true error',
      'latency true created',
    ]);
  });

  it('fails at once on a permanent error, with the key and the cause', async () => {
    const denied = s3Error('AccessDenied', 403);
    const client = new ScriptedClient([{ error: denied }]);
    const { writer, sleeps } = writerWith(client);
    const failure = await writer.put(window(true)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LakeWriteError);
    expect(failure).toMatchObject({ key: CANONICAL_KEY, attempts: 1, cause: denied });
    expect((failure as Error).message).toContain('AccessDenied (HTTP 403)');
    expect(sleeps).toEqual([]);
  });

  it('gives up after the configured attempts', async () => {
    const client = new ScriptedClient([
      { error: s3Error('InternalError', 500) },
      { error: s3Error('InternalError', 500) },
      { error: s3Error('InternalError', 500) },
    ]);
    const { writer } = writerWith(client, { maxAttempts: 3 });
    await expect(writer.put(window(true))).rejects.toMatchObject({
      name: 'LakeWriteError',
      attempts: 3,
    });
    expect(client.calls).toHaveLength(3);
  });

  it('counts a 412 on the canonical key as a dedup hit and verifies it by ETag', async () => {
    const encoded = window(true);
    const client = new ScriptedClient([
      { error: s3Error('PreconditionFailed', 412) },
      { ok: { ETag: `"${encoded.md5Hex}"`, Metadata: {} } },
    ]);
    const { writer, events } = writerWith(client);
    const result = await writer.put(encoded);
    expect(result).toMatchObject({ outcome: 'exists', verification: 'identical', attempts: 2 });
    expect(client.calls[1]?.command).toBe(HeadObjectCommand.name);
    expect(events).toEqual([
      'latency true exists',
      'dedup primary/book_delta/binance/canonical identical',
    ]);
  });

  it('tells other compression of the same content from diverging content', async () => {
    const encoded = window(true);
    const sameContent = new ScriptedClient([
      { error: s3Error('PreconditionFailed', 412) },
      { ok: { ETag: '"0123"', Metadata: { 'content-sha256': encoded.contentSha256 } } },
    ]);
    expect((await writerWith(sameContent).writer.put(encoded)).verification).toBe('same-content');

    const diverging = new ScriptedClient([
      { error: s3Error('PreconditionFailed', 412) },
      { ok: { ETag: '"0123"', Metadata: { 'content-sha256': 'f'.repeat(64) } } },
    ]);
    const { writer, events } = writerWith(diverging);
    expect((await writer.put(encoded)).verification).toBe('diverged');
    expect(events).toContain('diverged primary/book_delta/binance/canonical');

    const unreadable = new ScriptedClient([
      { error: s3Error('PreconditionFailed', 412) },
      { error: s3Error('AccessDenied', 403) },
    ]);
    expect((await writerWith(unreadable).writer.put(encoded)).verification).toBe('unverified');
  });

  it('stops retrying when aborted', async () => {
    const client = new ScriptedClient([{ error: s3Error('ServiceUnavailable', 503) }]);
    const controller = new AbortController();
    const writer = new LakeWriter({
      client: client as unknown as Pick<S3Client, 'send'>,
      bucket: 'lake',
      ingesterId: 'ingestor-1',
      sleep: async () => {
        controller.abort(new Error('shutting down'));
      },
    });
    await expect(writer.put(window(true), { signal: controller.signal })).rejects.toThrow(
      'shutting down',
    );
    expect(client.calls).toHaveLength(1);
  });

  it('refuses an ingester id that cannot name a partial key', () => {
    expect(
      () =>
        new LakeWriter({
          client: new ScriptedClient([]) as unknown as S3Client,
          bucket: 'b',
          ingesterId: 'pod/1',
        }),
    ).toThrow('Invalid ingester id "pod/1"');
  });
});
