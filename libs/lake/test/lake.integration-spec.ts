import { gzipSync } from 'node:zlib';

import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { buildLakeKey, type Envelope, type LakeKeyParts, toCanonicalJson } from '@tickline/domain';

import {
  collectLakeObject,
  encodeLakeEventsSync,
  encodeWindowSync,
  groupLakeWindows,
  type EncodedWindow,
  type LakeMetricLabels,
  LakeReadError,
  LakeWriter,
  listLakeDay,
  MinuteBatcher,
  readLakeObject,
} from '../src';
import { asReplica, binanceDiffs, MINUTE_0, MINUTE_US } from './lake-events.fixture';
import { createBucket, deleteBucket, listKeys, stackS3Client, uniqueBucket } from '@tickline/testing';

jest.setTimeout(60_000);

const GRACE = 5_000_000;
const NEUTRAL = { localFields: false } as const;
const STREAM = {
  system: 'primary',
  type: 'book_delta',
  venue: 'binance',
  market: 'NKN-USDT',
} as const;
const DAY = { ...STREAM, day: '2023-11-14' };

/** Three minutes of Binance diffs, 20 per second, from the first minute's start. */
const EVENTS = binanceDiffs(MINUTE_0, 3_600, 50_000);

function keyOf(minute: number, partialOf?: string): string {
  const parts: LakeKeyParts = {
    ...STREAM,
    windowStartUs: MINUTE_0 + minute * MINUTE_US,
    ...(partialOf === undefined ? {} : { partial: { ingesterId: partialOf } }),
  };
  return buildLakeKey(parts);
}

/** What an ingester would hand its writer after seeing `events`. */
function windowsSeenBy(events: readonly Envelope[], subscribedAtUs?: number): EncodedWindow[] {
  const batcher = new MinuteBatcher({ graceUs: GRACE });
  if (subscribedAtUs !== undefined) batcher.markContinuous(STREAM, subscribedAtUs);
  for (const event of events) batcher.push(event);
  const last = events[events.length - 1] as Envelope;
  batcher.advanceWatermark(
    STREAM,
    last.exchangeTimeUs - (last.exchangeTimeUs % MINUTE_US) + MINUTE_US + GRACE,
  );
  return batcher.takeClosed().map((window) => encodeWindowSync(window));
}

function countingMetrics() {
  const counts: Record<string, number> = {};
  const bump = (name: string) => (labels: LakeMetricLabels) => {
    const key = `${name}:${labels.kind}`;
    counts[key] = (counts[key] ?? 0) + 1;
  };
  return {
    counts,
    metrics: {
      windowWritten: bump('written'),
      dedupHit: bump('dedup'),
      partialWindow: bump('partial'),
      divergence: bump('diverged'),
    },
  };
}

async function bytesOf(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(
    await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}

describe('raw lake against the real S3 server', () => {
  const client = stackS3Client();
  const bucket = uniqueBucket('lake-it');

  beforeAll(async () => {
    await createBucket(client, bucket);
  });

  afterAll(async () => {
    await deleteBucket(client, bucket);
    client.destroy();
  });

  describe('two replicas racing on the same windows', () => {
    const a = countingMetrics();
    const b = countingMetrics();
    const writerA = new LakeWriter({
      client,
      bucket,
      ingesterId: 'ingestor-a',
      metrics: a.metrics,
    });
    const writerB = new LakeWriter({
      client,
      bucket,
      ingesterId: 'ingestor-b',
      metrics: b.metrics,
    });
    const seenByA = windowsSeenBy(EVENTS, MINUTE_0 - 1);
    // B joined half a minute late, with its own clock: its first window is partial.
    const seenByB = windowsSeenBy(
      EVENTS.filter((event) => event.exchangeTimeUs >= MINUTE_0 + 30_000_000).map((event, i) =>
        asReplica(event, 'ingestor-b', 1_500 + (i % 11) * 700),
      ),
    );

    it('writes each complete window once, and the loser counts a verified dedup hit', async () => {
      expect(seenByA.map((w) => w.window.complete)).toEqual([true, true, true]);
      expect(seenByB.map((w) => w.window.complete)).toEqual([false, true, true]);
      const [resultsA, resultsB] = await Promise.all([
        Promise.all(seenByA.slice(1).map((w) => writerA.put(w))),
        Promise.all(seenByB.slice(1).map((w) => writerB.put(w))),
      ]);
      for (let i = 0; i < 2; i++) {
        const pair = [resultsA[i], resultsB[i]];
        expect(pair.map((r) => r?.key)).toEqual([keyOf(i + 1), keyOf(i + 1)]);
        expect(pair.map((r) => r?.outcome).sort()).toEqual(['created', 'exists']);
        expect(pair.find((r) => r?.outcome === 'exists')?.verification).toBe('identical');
        // Byte-identical objects although the replicas' ids and receive clocks differ.
        expect(seenByB[i + 1]?.body.equals(seenByA[i + 1]?.body as Buffer)).toBe(true);
        expect(
          (await bytesOf(client, bucket, keyOf(i + 1))).equals(seenByA[i + 1]?.body as Buffer),
        ).toBe(true);
      }
      expect(await listKeys(client, bucket, keyOf(1).replace(/\.ndjson\.gz$/, ''))).toEqual([
        keyOf(1),
      ]);
      expect((a.counts['written:canonical'] ?? 0) + (b.counts['written:canonical'] ?? 0)).toBe(2);
      expect((a.counts['dedup:canonical'] ?? 0) + (b.counts['dedup:canonical'] ?? 0)).toBe(2);
      expect(a.counts['diverged:canonical'] ?? b.counts['diverged:canonical']).toBeUndefined();
    });

    it('puts the late joiner window under its partial key and leaves the canonical one alone', async () => {
      const [canonical, partial] = await Promise.all([
        writerA.put(seenByA[0] as EncodedWindow),
        writerB.put(seenByB[0] as EncodedWindow),
      ]);
      expect(canonical).toMatchObject({ key: keyOf(0), kind: 'canonical', outcome: 'created' });
      expect(partial).toMatchObject({
        key: keyOf(0, 'ingestor-b'),
        kind: 'partial',
        outcome: 'created',
        window: { partialReasons: ['not_from_start'], fromStart: false },
      });
      expect(b.counts['partial:partial']).toBe(1);
      expect((await bytesOf(client, bucket, keyOf(0))).equals(seenByA[0]?.body as Buffer)).toBe(
        true,
      );
      const listing = await listLakeDay(client, bucket, DAY);
      expect(listing.objects.map((o) => o.key)).toEqual([
        keyOf(0),
        keyOf(0, 'ingestor-b'),
        keyOf(1),
        keyOf(2),
      ]);
      expect(
        groupLakeWindows(listing.objects).map((w) => [
          w.windowStartUs,
          w.canonical?.key,
          w.partials.map((p) => p.key),
        ]),
      ).toEqual([
        [MINUTE_0, keyOf(0), [keyOf(0, 'ingestor-b')]],
        [MINUTE_0 + MINUTE_US, keyOf(1), []],
        [MINUTE_0 + 2 * MINUTE_US, keyOf(2), []],
      ]);
    });

    it('reads every window back as the events that went in, in lake order', async () => {
      for (let minute = 0; minute < 3; minute++) {
        const expected = EVENTS.filter(
          (e) =>
            e.exchangeTimeUs >= MINUTE_0 + minute * MINUTE_US &&
            e.exchangeTimeUs < MINUTE_0 + (minute + 1) * MINUTE_US,
        ).map((e) => toCanonicalJson(e, NEUTRAL));
        const read: string[] = [];
        for await (const event of readLakeObject(client, bucket, keyOf(minute))) {
          read.push(toCanonicalJson(event, NEUTRAL));
        }
        expect(read).toEqual(expected);
      }
      const partial = await collectLakeObject(client, bucket, keyOf(0, 'ingestor-b'));
      expect(partial.issues).toEqual([]);
      expect(partial.events[0]?.exchangeTimeUs).toBe(MINUTE_0 + 30_000_000);
    });
  });

  describe('partial windows of one ingester across a restart', () => {
    it('merges the two parts into its partial object, and a repeated write adds nothing', async () => {
      const writer = new LakeWriter({ client, bucket, ingesterId: 'ingestor-c' });
      const minute = EVENTS.filter((e) => e.exchangeTimeUs < MINUTE_0 + MINUTE_US).map((e) =>
        asReplica(e, 'ingestor-c', 800),
      );
      const beforeCrash = minute.filter((e) => e.exchangeTimeUs < MINUTE_0 + 20_000_000);
      const afterRestart = minute.filter((e) => e.exchangeTimeUs >= MINUTE_0 + 40_000_000);
      const [first] = windowsSeenBy(beforeCrash);
      const [second] = windowsSeenBy(afterRestart);
      expect(await writer.put(first as EncodedWindow)).toMatchObject({
        outcome: 'created',
        events: 400,
      });
      const merged = await writer.put(second as EncodedWindow);
      expect(merged).toMatchObject({
        key: keyOf(0, 'ingestor-c'),
        outcome: 'merged',
        events: 800,
        mergeIssues: [],
      });
      const stored = await collectLakeObject(client, bucket, keyOf(0, 'ingestor-c'));
      expect(stored.issues).toEqual([]);
      expect(stored.events.map((e) => toCanonicalJson(e, NEUTRAL))).toEqual(
        [...beforeCrash, ...afterRestart].map((e) => toCanonicalJson(e, NEUTRAL)),
      );
      expect(await writer.put(second as EncodedWindow)).toMatchObject({ outcome: 'exists' });
      expect((await collectLakeObject(client, bucket, keyOf(0, 'ingestor-c'))).events).toHaveLength(
        800,
      );
    });
  });

  describe('dedup verification', () => {
    it('reports a canonical object with other events as diverged', async () => {
      const key = keyOf(10);
      const window = windowsSeenBy(
        binanceDiffs(MINUTE_0 + 10 * MINUTE_US, 100, 100_000),
        MINUTE_0,
      )[0] as EncodedWindow;
      const other = windowsSeenBy(
        binanceDiffs(MINUTE_0 + 10 * MINUTE_US, 99, 100_000),
        MINUTE_0,
      )[0] as EncodedWindow;
      const metrics = countingMetrics();
      const first = new LakeWriter({ client, bucket, ingesterId: 'ingestor-x' });
      const second = new LakeWriter({
        client,
        bucket,
        ingesterId: 'ingestor-y',
        metrics: metrics.metrics,
      });
      expect(await first.put(other)).toMatchObject({ key, outcome: 'created' });
      expect(await second.put(window)).toMatchObject({
        key,
        outcome: 'exists',
        verification: 'diverged',
      });
      expect(metrics.counts['diverged:canonical']).toBe(1);
    });

    it('recognizes the same content compressed differently, even without our metadata', async () => {
      const key = keyOf(11);
      const window = windowsSeenBy(
        binanceDiffs(MINUTE_0 + 11 * MINUTE_US, 100, 100_000),
        MINUTE_0,
      )[0] as EncodedWindow;
      const text = Buffer.from(
        binanceDiffs(MINUTE_0 + 11 * MINUTE_US, 100, 100_000)
          .map((e) => toCanonicalJson(e, NEUTRAL) + '\n')
          .join(''),
      );
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync(text, { level: 9 }) }),
      );
      const writer = new LakeWriter({ client, bucket, ingesterId: 'ingestor-a' });
      expect(await writer.put(window)).toMatchObject({
        key,
        outcome: 'exists',
        verification: 'same-content',
      });
    });
  });

  describe('reading damaged objects', () => {
    const events = binanceDiffs(MINUTE_0 + 20 * MINUTE_US, 50, 1_000_000);

    it('reports a corrupted gzip object with its key instead of failing the whole read', async () => {
      const key = keyOf(20);
      const body = encodeLakeEventsSync(events).body;
      const corrupted = Buffer.from(body);
      for (let i = 40; i < 60; i++) corrupted[i] = (corrupted[i] as number) ^ 0x5a;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: corrupted }));
      const result = await collectLakeObject(client, bucket, key);
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatchObject({ key, kind: 'gzip' });
      expect(result.issues[0]?.message).toMatch(/gzip stream broken after \d+ lines/);

      const truncatedKey = keyOf(21);
      const truncatedBody = encodeLakeEventsSync(
        binanceDiffs(MINUTE_0 + 21 * MINUTE_US, 50, 1_000_000),
      ).body;
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: truncatedKey,
          Body: truncatedBody.subarray(0, truncatedBody.length - 20),
        }),
      );
      const truncated = await collectLakeObject(client, bucket, truncatedKey);
      expect(truncated.issues).toEqual([
        expect.objectContaining({ key: truncatedKey, kind: 'gzip' }),
      ]);
    });

    it('reports a bad JSON line with key and line number and delivers the other lines', async () => {
      const key = keyOf(22);
      const shifted = binanceDiffs(MINUTE_0 + 22 * MINUTE_US, 5, 1_000_000);
      const lines = shifted.map((e) => toCanonicalJson(e, NEUTRAL));
      lines[2] = (lines[2] as string).slice(0, 40);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: gzipSync(Buffer.from(lines.join('\n') + '\n')),
        }),
      );
      const result = await collectLakeObject(client, bucket, key);
      expect(result.events.map((e) => e.lastUpdateId)).toEqual([1_000, 1_003, 1_009, 1_012]);
      expect(result.issues).toEqual([
        expect.objectContaining({ key, line: 3, kind: 'json', text: lines[2] as string }),
      ]);
      // Without a handler the same problem stops the read, naming key and line.
      const read = async () => {
        for await (const _event of readLakeObject(client, bucket, key)) {
          // consume
        }
      };
      await expect(read()).rejects.toThrow(
        new LakeReadError({
          key,
          line: 3,
          kind: 'json',
          message: result.issues[0]?.message as string,
        }).message,
      );
    });

    it('lists foreign objects under a day prefix separately, with the reason', async () => {
      const stray = `raw/primary/book_delta/binance/NKN-USDT/year=2023/month=11/day=14/notes.txt`;
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: stray, Body: 'not lake data' }),
      );
      const listing = await listLakeDay(client, bucket, DAY);
      expect(listing.foreign).toEqual([expect.objectContaining({ key: stray })]);
      expect(listing.objects.every((o) => o.key.endsWith('.ndjson.gz'))).toBe(true);
    });

    it('reports a missing object as a read issue', async () => {
      const result = await collectLakeObject(client, bucket, keyOf(59));
      expect(result.issues).toEqual([
        expect.objectContaining({ key: keyOf(59), line: null, kind: 'read' }),
      ]);
    });
  });

  it('fails a write to a bucket that does not exist at once, with the key', async () => {
    const writer = new LakeWriter({
      client,
      bucket: `${bucket}-missing`,
      ingesterId: 'ingestor-a',
    });
    const window = windowsSeenBy(EVENTS.slice(0, 10), MINUTE_0 - 1)[0] as EncodedWindow;
    await expect(writer.put(window)).rejects.toMatchObject({
      name: 'LakeWriteError',
      key: keyOf(0),
      attempts: 1,
    });
  });
});
