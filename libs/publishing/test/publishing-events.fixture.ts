import { Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';

import {
  buildLakeKey,
  type LakeKeyParts,
  type ReplicaNeutralEnvelope,
  type System,
} from '@tickline/domain';

import { type MergeDayRequest, type MergeInputObject, mergeDay } from '../src';

/** 2026-11-26T00:00:00Z. */
export const DAY = '2026-11-26';
export const DAY_START = Date.UTC(2026, 10, 26) * 1000;
export const MINUTE_US = 60_000_000;

export function trade(
  market: 'BTC-USD' | 'ETH-USD',
  exchangeTimeUs: number,
  tradeId: string | undefined,
  options: { seqId?: number; price?: string; size?: string; system?: System } = {},
): ReplicaNeutralEnvelope {
  return {
    v: 1,
    venue: 'coinbase',
    symbol: market,
    market,
    type: 'trade',
    exchangeTimeUs,
    ...(options.seqId === undefined ? {} : { seqId: options.seqId }),
    system: options.system ?? 'primary',
    payload: {
      price: options.price ?? '61240.12',
      size: options.size ?? '0.0015',
      side: 'buy',
      ...(tradeId === undefined ? {} : { tradeId }),
    },
  };
}

export function withSystem(
  events: readonly ReplicaNeutralEnvelope[],
  system: System,
): ReplicaNeutralEnvelope[] {
  return events.map((event) => ({ ...event, system }));
}

export function ndjsonGzip(lines: readonly (ReplicaNeutralEnvelope | string)[]): Buffer {
  return gzipSync(
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
  );
}

export function inputObject(
  system: System,
  market: string,
  minute: number,
  body: Buffer,
  partialOf?: string,
): MergeInputObject {
  const parts: LakeKeyParts = {
    system,
    type: 'trade',
    venue: 'coinbase',
    market,
    windowStartUs: DAY_START + minute * MINUTE_US,
    ...(partialOf === undefined ? {} : { partial: { ingesterId: partialOf } }),
  };
  return { key: buildLakeKey(parts), parts, load: async () => body };
}

/** A sink that keeps the bytes written to it. */
export function memorySink(): { sink: Writable; bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

/** The CSV's lines after the header. */
export function csvLines(gzip: Buffer): { header: string; rows: string[] } {
  const text = gunzipSync(gzip).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  const [header, ...rows] = text.slice(0, -1).split('\n');
  return { header: header as string, rows };
}

/** `mergeDay` of Coinbase trades on DAY into memory: the manifest and the gzip bytes. */
export async function mergeToMemory(
  objects: MergeInputObject[],
  overrides: Partial<MergeDayRequest> = {},
) {
  const { sink, bytes } = memorySink();
  const manifest = await mergeDay({
    dataSet: 'coinbase-trades',
    venue: 'coinbase',
    type: 'trade',
    day: DAY,
    objects,
    sink,
    ...overrides,
  });
  return { manifest, gzip: bytes() };
}
