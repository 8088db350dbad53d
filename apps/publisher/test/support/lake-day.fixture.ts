// Lake minute objects of one coinbase trade day, written as the primary and replica ingesters
// would (LakeWriter), and the day's CSV rows computed independently of the merge.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  buildLakeKey,
  type ReplicaNeutralEnvelope,
  type System,
  type TradeEnvelope,
} from '@tickline/domain';
import { encodeWindowSync, type LakeStream, LakeWriter, MinuteBatcher } from '@tickline/lake';

export const MARKETS = ['BTC-USD', 'ETH-USD'] as const;
export const MINUTE_US = 60_000_000;
const GRACE = 5_000_000;

export const dayStartUs = (day: string) => Date.parse(`${day}T00:00:00Z`) * 1000;

/** 10 trades per market and minute over minutes [0, minutes); ids rise per market. */
export function dayTrades(day: string, system: System, minutes: number): TradeEnvelope[] {
  const start = dayStartUs(day);
  const events: TradeEnvelope[] = [];
  for (const [m, market] of MARKETS.entries()) {
    for (let minute = 0; minute < minutes; minute++) {
      for (let i = 0; i < 10; i++) {
        const exchangeTimeUs = start + minute * MINUTE_US + i * 5_000_000 + m * 1_000;
        events.push({
          v: 1,
          venue: 'coinbase',
          symbol: market,
          market,
          type: 'trade',
          exchangeTimeUs,
          receiveTimeUs: exchangeTimeUs + 2_000,
          system,
          ingesterId: system === 'primary' ? 'ingestor-p0' : 'ingestor-r0',
          payload: {
            price: `${m === 0 ? 61_000 : 3_000}.${String(minute * 10 + i).padStart(3, '0')}0`,
            size: `0.${String(5 + i).padStart(4, '0')}`,
            side: i % 2 === 0 ? 'buy' : 'sell',
            tradeId: String(7_000_000 + m * 100_000 + minute * 10 + i),
          },
        });
      }
    }
  }
  return events;
}

export const minuteOf = (day: string, event: TradeEnvelope) =>
  Math.floor((event.exchangeTimeUs - dayStartUs(day)) / MINUTE_US);

/** Writes the events of `minutes` as complete minute objects of `system`. */
export async function writeLakeMinutes(
  client: S3Client,
  bucket: string,
  day: string,
  system: System,
  events: readonly TradeEnvelope[],
  minutes: ReadonlySet<number>,
): Promise<void> {
  const writer = new LakeWriter({
    client,
    bucket,
    ingesterId: system === 'primary' ? 'ingestor-p0' : 'ingestor-r0',
  });
  for (const market of MARKETS) {
    const stream: LakeStream = { system, type: 'trade', venue: 'coinbase', market };
    for (const minute of [...minutes].sort((a, b) => a - b)) {
      const batcher = new MinuteBatcher({ graceUs: GRACE });
      const startUs = dayStartUs(day) + minute * MINUTE_US;
      batcher.markContinuous(stream, startUs - 1);
      for (const event of events) {
        if (event.market === market && minuteOf(day, event) === minute) batcher.push(event);
      }
      batcher.advanceWatermark(stream, startUs + MINUTE_US + GRACE);
      for (const window of batcher.takeClosed()) await writer.put(encodeWindowSync(window));
    }
  }
}

/** A minute object that is not gzip at all: the merge must quarantine it, not fail. */
export async function writeMalformedMinute(
  client: S3Client,
  bucket: string,
  day: string,
  system: System,
  minute: number,
): Promise<string> {
  const key = buildLakeKey({
    system,
    type: 'trade',
    venue: 'coinbase',
    market: 'BTC-USD',
    windowStartUs: dayStartUs(day) + minute * MINUTE_US,
  });
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: Buffer.from('\x1f\x8bnot really gzip'),
    }),
  );
  return key;
}

export function range(from: number, to: number, except: readonly number[] = []): Set<number> {
  const set = new Set<number>();
  for (let i = from; i < to; i++) if (!except.includes(i)) set.add(i);
  return set;
}

const numericOrder = (a: string, b: string) =>
  /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(BigInt(a) - BigInt(b)) : a < b ? -1 : a > b ? 1 : 0;

/**
 * A trade file's rows computed naively from lake events: union by (symbol, trade id), sort by
 * exchange time, sequence, trade id and market, then the documented CSV columns.
 */
export function naiveCsvRows(
  events: readonly (ReplicaNeutralEnvelope | TradeEnvelope)[],
): string[] {
  const byId = new Map<string, TradeEnvelope>();
  for (const event of events) {
    if (event.type !== 'trade') continue;
    const trade = event as TradeEnvelope;
    const id = `${trade.symbol}/${trade.payload.tradeId}`;
    if (!byId.has(id)) byId.set(id, trade);
  }
  return [...byId.values()]
    .sort(
      (a, b) =>
        a.exchangeTimeUs - b.exchangeTimeUs ||
        (a.seqId ?? Number.MAX_SAFE_INTEGER) - (b.seqId ?? Number.MAX_SAFE_INTEGER) ||
        numericOrder(a.payload.tradeId ?? '', b.payload.tradeId ?? '') ||
        a.market.localeCompare(b.market),
    )
    .map((e) => {
      const ms = Math.floor(e.exchangeTimeUs / 1000);
      const iso = `${new Date(ms).toISOString().slice(0, 23)}${String(e.exchangeTimeUs % 1000).padStart(3, '0')}Z`;
      const p = e.payload;
      return [
        iso,
        e.exchangeTimeUs,
        e.venue,
        e.symbol,
        e.market,
        p.tradeId ?? '',
        p.side,
        p.price,
        p.size,
        e.seqId ?? '',
      ].join(',');
    });
}

/** The minutes of the day (0-1439) a manifest's `neitherRanges` cover. */
export function neitherMinutes(
  day: string,
  ranges: readonly { from: string; minutes: number }[],
): number[] {
  const minutes: number[] = [];
  for (const range of ranges) {
    const from = (Date.parse(range.from) * 1000 - dayStartUs(day)) / MINUTE_US;
    for (let i = 0; i < range.minutes; i++) minutes.push(from + i);
  }
  return minutes;
}
