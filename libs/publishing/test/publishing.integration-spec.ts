import { gunzipSync } from 'node:zlib';

import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { buildLakeKey, type Envelope, type System, type TradeEnvelope } from '@tickline/domain';
import { encodeWindowSync, type LakeStream, LakeWriter, MinuteBatcher } from '@tickline/lake';

import { parseDayManifest, productCsvKey, productManifestKey, mergeLakeDayToS3 } from '../src';
import { DAY, DAY_START, MINUTE_US } from './publishing-events.fixture';
import { createBucket, deleteBucket, stackS3Client, uniqueBucket } from '@tickline/testing';

jest.setTimeout(120_000);

const MARKETS = ['BTC-USD', 'ETH-USD'] as const;
const GRACE = 5_000_000;

/** 20 trades per market and minute over the first 30 minutes; ids rise per market. */
function dayTrades(system: System, ingesterId: string): TradeEnvelope[] {
  const events: TradeEnvelope[] = [];
  for (const [m, market] of MARKETS.entries()) {
    for (let minute = 0; minute < 30; minute++) {
      for (let i = 0; i < 20; i++) {
        // Both markets trade at the same instants now and then: order must fall back to the id.
        const exchangeTimeUs =
          DAY_START + minute * MINUTE_US + i * 2_900_000 + (i % 4 === 0 ? 0 : m * 1_000);
        events.push({
          v: 1,
          venue: 'coinbase',
          symbol: market,
          market,
          type: 'trade',
          exchangeTimeUs,
          receiveTimeUs: exchangeTimeUs + 3_000,
          system,
          ingesterId,
          payload: {
            price: `${m === 0 ? 61_000 : 3_000}.${String(minute * 20 + i).padStart(3, '0')}`,
            size: `0.${String(7 + i).padStart(4, '0')}`,
            side: i % 2 === 0 ? 'buy' : 'sell',
            tradeId: String(9_000_000 + m * 100_000 + minute * 20 + i),
          },
        });
      }
    }
  }
  return events;
}

function minuteOf(event: Envelope): number {
  return Math.floor((event.exchangeTimeUs - DAY_START) / MINUTE_US);
}

/** Writes the events of the given minutes through the lake writer, as an ingester would. */
async function writeMinutes(
  writer: LakeWriter,
  system: System,
  events: readonly Envelope[],
  minutes: ReadonlySet<number>,
  complete: boolean,
): Promise<string[]> {
  const keys: string[] = [];
  for (const market of MARKETS) {
    const stream: LakeStream = {
      system,
      type: 'trade',
      venue: 'coinbase',
      market,
    };
    for (const minute of [...minutes].sort((a, b) => a - b)) {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const startUs = DAY_START + minute * MINUTE_US;
      if (complete) batcher.markContinuous(stream, startUs - 1);
      for (const event of events) {
        if (event.market === market && minuteOf(event) === minute) batcher.push(event);
      }
      batcher.advanceWatermark(stream, startUs + MINUTE_US + GRACE);
      for (const window of batcher.takeClosed())
        keys.push((await writer.put(encodeWindowSync(window))).key);
    }
  }
  return keys;
}

function range(from: number, to: number, except: number[] = []): Set<number> {
  const set = new Set<number>();
  for (let i = from; i < to; i++) if (!except.includes(i)) set.add(i);
  return set;
}

async function getBytes(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(
    await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}

/** The expected file computed the naive way: all rows, union by id, sort, format. */
function naiveCsvRows(events: readonly TradeEnvelope[]): string[] {
  const byId = new Map<string, TradeEnvelope>();
  for (const event of events) byId.set(`${event.market}/${event.payload.tradeId}`, event);
  const rows = [...byId.values()].sort(
    (a, b) =>
      a.exchangeTimeUs - b.exchangeTimeUs ||
      Number(a.payload.tradeId) - Number(b.payload.tradeId) ||
      a.market.localeCompare(b.market),
  );
  return rows.map((e) => {
    const ms = Math.floor(e.exchangeTimeUs / 1000);
    const iso = `${new Date(ms).toISOString().slice(0, 23)}${String(e.exchangeTimeUs % 1000).padStart(3, '0')}Z`;
    const p = e.payload;
    return [
      iso,
      e.exchangeTimeUs,
      'coinbase',
      e.symbol,
      e.market,
      p.tradeId,
      p.side,
      p.price,
      p.size,
      '',
    ].join(',');
  });
}

describe('publishing merge against the lake on S3', () => {
  let client: S3Client;
  let bucket: string;

  beforeAll(async () => {
    client = stackS3Client();
    bucket = uniqueBucket('tickline-publishing');
    await createBucket(client, bucket);
  });

  afterAll(async () => {
    if (bucket !== undefined) await deleteBucket(client, bucket).catch(() => undefined);
    client?.destroy();
  });

  it('merges overlapping primary and replica minutes into the independently computed file', async () => {
    const primaryEvents = dayTrades('primary', 'ingestor-p0');
    // The replica missed every seventh trade: the union must bring them back from the primary.
    const replicaEvents = dayTrades('replica', 'ingestor-r0').filter((_, i) => i % 7 !== 3);
    const primaryMinutes = range(0, 20, [5, 6, 7, 15]);
    const replicaMinutes = range(3, 25, [10, 11, 12, 15]);
    const primaryWriter = new LakeWriter({ client, bucket, ingesterId: 'ingestor-p0' });
    const replicaWriter = new LakeWriter({ client, bucket, ingesterId: 'ingestor-r0' });
    await writeMinutes(primaryWriter, 'primary', primaryEvents, primaryMinutes, true);
    await writeMinutes(replicaWriter, 'replica', replicaEvents, replicaMinutes, true);
    // Minute 26 only as a replica partial (seen from the middle), with half its trades.
    const partialEvents = replicaEvents.filter(
      (e) => minuteOf(e) === 26 && e.exchangeTimeUs % MINUTE_US >= MINUTE_US / 2,
    );
    const partialKeys = await writeMinutes(
      replicaWriter,
      'replica',
      partialEvents,
      new Set([26]),
      false,
    );
    expect(partialKeys.every((key) => key.includes('.partial.'))).toBe(true);
    // Minute 27 in the primary is a corrupt object: quarantined, and counted as missing.
    const badKey = buildLakeKey({
      system: 'primary',
      type: 'trade',
      venue: 'coinbase',
      market: 'BTC-USD',
      windowStartUs: DAY_START + 27 * MINUTE_US,
    });
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: badKey, Body: Buffer.from('\x1f\x8bbroken') }),
    );

    const manifest = await mergeLakeDayToS3({
      client,
      lakeBucket: bucket,
      productBucket: bucket,
      dataSet: 'coinbase-trades',
      venue: 'coinbase',
      type: 'trade',
      day: DAY,
    });

    const target = {
      dataSet: 'coinbase-trades',
      venue: 'coinbase',
      type: 'trade',
      day: DAY,
    } as const;
    const csv = await getBytes(client, bucket, productCsvKey(target));
    const text = gunzipSync(csv).toString('utf8');
    const [header, ...rows] = text.slice(0, -1).split('\n');
    expect(header).toBe(
      'exchange_time,exchange_time_us,venue,symbol,market,trade_id,side,price,size,seq_id',
    );

    const lakeEvents = [
      ...primaryEvents.filter((e) => primaryMinutes.has(minuteOf(e))),
      ...replicaEvents.filter((e) => replicaMinutes.has(minuteOf(e))),
      ...partialEvents,
    ];
    const expected = naiveCsvRows(lakeEvents);
    expect(rows).toHaveLength(expected.length);
    expect(rows).toEqual(expected);

    const stored = parseDayManifest(
      JSON.parse((await getBytes(client, bucket, productManifestKey(target))).toString('utf8')),
    );
    expect(stored).toEqual(manifest);
    expect(stored.file.rows).toBe(expected.length);
    expect(stored.file.bytes).toBe(csv.length);

    const covered = new Set([...primaryMinutes, ...replicaMinutes, 26]);
    const expectedNeither: string[] = [];
    for (let minute = 0; minute < 1440; minute++)
      if (!covered.has(minute)) expectedNeither.push(String(minute));
    for (const market of stored.markets) {
      const neither: string[] = [];
      for (const r of market.coverage.neitherRanges) {
        const first = (Date.parse(r.from) * 1000 - DAY_START) / MINUTE_US;
        for (let i = 0; i < r.minutes; i++) neither.push(String(first + i));
      }
      expect(neither).toEqual(expectedNeither);
      expect(market.coverage.minutes.both).toBe(
        [...primaryMinutes].filter((m) => replicaMinutes.has(m)).length,
      );
    }
    expect(stored.quarantine).toEqual([
      expect.objectContaining({
        system: 'primary',
        key: badKey,
        kind: 'gzip',
        line: null,
        dropped: true,
      }),
    ]);
  });
});
