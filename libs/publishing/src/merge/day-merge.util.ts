import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gunzip } from 'node:zlib';

import {
  type DataType,
  type LakeKeyParts,
  MICROS_PER_MINUTE,
  parseUtcDay,
  type ReplicaNeutralEnvelope,
  safeParseLakeKey,
  type System,
  utcDayOf,
  type Venue,
} from '@tickline/domain';
import type { DecodedLakeObject } from '@tickline/lake';

import { CSV_COLUMNS, CSV_SCHEMA_VERSION, csvHeader } from '../csv/csv-schema.constants';
import { CsvChunkWriter } from '../csv/csv-chunk.writer';
import { appendCsvLines } from '../csv/csv-row.util';
import { productCsvKey } from '../keys/product-key.util';
import { marketCoverage } from '../manifest/coverage.util';
import {
  type DayManifest,
  dayManifestSchema,
  MANIFEST_VERSION,
  type QuarantineEntry,
} from '../manifest/manifest.schema';
import { decodeLakeObjectFast } from './fast-lake-decode.util';
import { naturalKeyOf } from './natural-key.util';
import { compareOrdered, type OrderedEvent, orderedEvent } from './merge-order.util';
import { type TradeMinuteObject, TradeMinuteMerger } from './trade-minute.merger';

/** One minute object of the lake, canonical or partial, with a way to fetch its gzip bytes. */
export interface MergeInputObject {
  readonly key: string;
  readonly parts: LakeKeyParts;
  load(): Promise<Buffer>;
}

export interface MergeDayRequest {
  readonly dataSet: string;
  readonly venue: Venue;
  readonly type: DataType;
  /** UTC day `YYYY-MM-DD`. */
  readonly day: string;
  /** The day's objects of both systems, any order. */
  readonly objects: readonly MergeInputObject[];
  /** Markets the file must report on even if no object exists (from the mapping config). */
  readonly markets?: readonly string[];
  /** Keys found under the day's prefixes that are not lake objects of the day. */
  readonly foreign?: readonly {
    readonly key: string;
    readonly reason: string;
    readonly system?: System;
  }[];
  /** Receives the gzip CSV bytes; it is ended when the file is complete. */
  readonly sink: Writable;
  /** Gzip level of the CSV (default 4: see docs/publishing.md). */
  readonly gzipLevel?: number;
  /** Object decoder; defaults to the lake's validating one behind a fast path for clean objects. */
  readonly decode?: (key: string, bytes: Buffer) => DecodedLakeObject;
}

const ORDERING =
  'exchange_time, then the sequence key (seq_id, else last_update_id; rows without one after those with one), then trade_id (numeric ids by value), then market, then primary before replica and lake order; book levels of one message stay together, bids before asks';
const DEDUPE =
  'natural key per type: trade = (venue, symbol, trade_id), without trade_id the whole trade; book_delta = (venue, symbol, seq_id, first_update_id, last_update_id), without them time and levels; book_snapshot = those and exchange_time; per key as many events as the input object holding most of them (multiset union), the primary copy kept';

/** Whole-object problems: nothing of the object reaches the file. */
const OBJECT_LOST = new Set(['gzip', 'read']);
/** Problems where the event is still delivered. */
const KEPT = new Set(['order', 'key']);

interface MarketStats {
  symbols: Set<string>;
  rows: number;
  events: number;
  duplicates: number;
  objects: { primary: number; replica: number };
  minutes: { primary: Set<number>; replica: Set<number> };
}

const SYSTEM_RANK: Record<System, number> = { primary: 0, replica: 1 };

function compareInputs(a: MergeInputObject, b: MergeInputObject): number {
  const pa = a.parts;
  const pb = b.parts;
  if (pa.system !== pb.system) return SYSTEM_RANK[pa.system] - SYSTEM_RANK[pb.system];
  const aPartial = pa.partial !== undefined;
  if (aPartial !== (pb.partial !== undefined)) return aPartial ? 1 : -1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** A pass-through that hashes and counts what goes to the sink. */
class DigestStream extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (e?: Error | null, d?: Buffer) => void,
  ): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** zlib level of the CSV: see docs/publishing.md for the speed/size measurements. */
const DEFAULT_GZIP_LEVEL = 4;
/** Minutes fetched ahead of the one being merged. */
const PREFETCH_MINUTES = 2;
/** CSV bytes waiting for the compressor before the merge waits for it. */
const MAX_QUEUED_BYTES = 8 << 20;

const gunzipAsync = promisify(gunzip);

interface LoadedObject {
  readonly object: MergeInputObject;
  readonly bytes: Buffer | Error;
  /** The inflated bytes, when the fast path may use them. */
  readonly text?: Buffer;
}

const MIN_CHUNK = 64 << 10;
const MAX_CHUNK = 64 << 20;

/**
 * The output chunk size for inflating a gzip object: its trailer's ISIZE (the length mod 2^32
 * of a single-member stream, which lake objects are), so zlib hands back one buffer instead
 * of a callback and a copy per 16 KiB. Only a hint: any size still inflates correctly.
 */
function inflatedSizeHint(bytes: Buffer): number {
  const size = bytes.length >= 4 ? bytes.readUInt32LE(bytes.length - 4) + 1 : 0;
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size));
}

function sameParts(a: LakeKeyParts, b: LakeKeyParts): boolean {
  return (
    a.system === b.system &&
    a.type === b.type &&
    a.venue === b.venue &&
    a.market === b.market &&
    a.windowStartUs === b.windowStartUs &&
    a.partial?.ingesterId === b.partial?.ingesterId
  );
}

/**
 * Merges one venue's data type for one UTC day from the primary's and the replica's minute
 * objects into one sorted, deduplicated gzip CSV, and returns its manifest.
 *
 * The minute is the merge unit: an event's minute object is chosen by its exchange time, and
 * exchange time is the first sort key, so the file is the concatenation of the minutes, each
 * the sorted union of the objects of that minute (all markets, both systems). Memory stays at
 * one minute (plus the prefetched ones), whatever the day's size.
 */
export async function mergeDay(request: MergeDayRequest): Promise<DayManifest> {
  const { venue, type, day } = request;
  const dayStartUs = parseUtcDay(day);
  const decode = request.decode ?? decodeLakeObjectFast;
  const quarantine: QuarantineEntry[] = [];
  const markets = new Map<string, MarketStats>();
  const statsOf = (market: string): MarketStats => {
    let stats = markets.get(market);
    if (stats === undefined) {
      stats = {
        symbols: new Set(),
        rows: 0,
        events: 0,
        duplicates: 0,
        objects: { primary: 0, replica: 0 },
        minutes: { primary: new Set(), replica: new Set() },
      };
      markets.set(market, stats);
    }
    return stats;
  };
  for (const market of request.markets ?? []) statsOf(market);
  for (const foreign of request.foreign ?? []) {
    quarantine.push({
      system: foreign.system ?? null,
      key: foreign.key,
      line: null,
      kind: 'foreign',
      message: foreign.reason,
      dropped: true,
    });
  }

  const byMinute = new Map<number, MergeInputObject[]>();
  for (const object of request.objects) {
    const p = object.parts;
    if (p.venue !== venue || p.type !== type || utcDayOf(p.windowStartUs) !== day) {
      quarantine.push({
        system: p.system,
        key: object.key,
        line: null,
        kind: 'foreign',
        message: `not a ${venue} ${type} object of ${day}`,
        dropped: true,
      });
      continue;
    }
    const list = byMinute.get(p.windowStartUs);
    if (list === undefined) byMinute.set(p.windowStartUs, [object]);
    else list.push(object);
  }
  const minutes = [...byMinute.keys()].sort((a, b) => a - b);
  // Trade files without a custom decoder take the columnar fast path minute by minute; the
  // inputs are then inflated on the libuv pool while this thread merges the previous minute.
  const fast =
    request.decode === undefined && type === 'trade'
      ? new TradeMinuteMerger(Buffer.from(venue, 'latin1'))
      : null;
  const loadMinute = (startUs: number): Promise<LoadedObject[]> =>
    Promise.all(
      [...(byMinute.get(startUs) ?? [])].sort(compareInputs).map(async (object) => {
        let bytes: Buffer;
        try {
          bytes = await object.load();
        } catch (error) {
          return { object, bytes: error instanceof Error ? error : new Error(String(error)) };
        }
        if (fast === null) return { object, bytes };
        try {
          return {
            object,
            bytes,
            text: await gunzipAsync(bytes, { chunkSize: inflatedSizeHint(bytes) }),
          };
        } catch {
          return { object, bytes };
        }
      }),
    );

  const gzip = createGzip({ level: request.gzipLevel ?? DEFAULT_GZIP_LEVEL });
  const digest = new DigestStream();
  const done = pipeline(gzip, digest, request.sink);
  // A failing sink rejects `done`; keep it observed until awaited below.
  done.catch(() => undefined);
  const writer = new CsvChunkWriter();
  const flush = async (final: boolean): Promise<void> => {
    for (const chunk of writer.take(final)) {
      gzip.write(chunk);
      if (gzip.writableLength > MAX_QUEUED_BYTES) await Promise.race([once(gzip, 'drain'), done]);
    }
  };
  writer.writeString(csvHeader(type));

  let totalRows = 0;
  let totalEvents = 0;
  let inputEvents = 0;
  const inputObjects = { primary: 0, replica: 0 };
  const loads = new Map<number, Promise<LoadedObject[]>>();
  const lines: string[] = [];

  /** The fast path for a minute whose objects all pass the scanner; false if one does not. */
  const mergeMinuteFast = (
    loaded: readonly LoadedObject[],
    startUs: number,
    minuteIndex: number,
  ): boolean => {
    if (fast === null) return false;
    fast.begin();
    for (const { object, text } of loaded) {
      if (text === undefined) return false;
      const parsed = safeParseLakeKey(object.key);
      if (!parsed.success || !sameParts(parsed.data, object.parts)) return false;
      if (!fast.addObject(text, parsed.data)) return false;
    }
    const results = fast.finish(startUs, writer);
    for (let i = 0; i < loaded.length; i++) {
      const { system, market } = (loaded[i] as LoadedObject).object.parts;
      const result = results[i] as TradeMinuteObject;
      const stats = statsOf(market);
      stats.objects[system]++;
      inputObjects[system]++;
      if (result.events > 0) stats.minutes[system].add(minuteIndex);
      inputEvents += result.events;
      stats.duplicates += result.duplicates;
      stats.rows += result.kept;
      stats.events += result.kept;
      for (const symbol of result.symbols) stats.symbols.add(symbol);
      totalRows += result.kept;
      totalEvents += result.kept;
    }
    return true;
  };

  /** Any minute: envelopes from the decoder, `naturalKeyOf`, `compareOrdered`, `appendCsvLines`. */
  const mergeMinuteGeneric = (loaded: readonly LoadedObject[], minuteIndex: number): void => {
    const seen = new Set<string>();
    const kept: OrderedEvent[] = [];
    for (const { object, bytes } of loaded) {
      const { system, market } = object.parts;
      const stats = statsOf(market);
      stats.objects[system]++;
      inputObjects[system]++;
      let decoded: DecodedLakeObject;
      if (bytes instanceof Error) {
        decoded = {
          events: [],
          issues: [
            {
              key: object.key,
              line: null,
              kind: 'read',
              message: `could not fetch the object: ${bytes.message}`,
            },
          ],
        };
      } else {
        decoded = decode(object.key, bytes);
      }
      for (const issue of decoded.issues) {
        quarantine.push({
          system,
          key: issue.key,
          line: issue.line,
          kind: issue.kind,
          message: issue.message,
          ...(issue.text === undefined ? {} : { text: issue.text }),
          dropped: !KEPT.has(issue.kind),
        });
      }
      const events: readonly ReplicaNeutralEnvelope[] = decoded.events;
      // A broken stream's prefix is not trusted: the whole object counts as missing.
      if (decoded.issues.some((issue) => OBJECT_LOST.has(issue.kind))) continue;
      if (events.length > 0) stats.minutes[system].add(minuteIndex);
      inputEvents += events.length;
      const occurrences = new Map<string, number>();
      for (const event of events) {
        const key = naturalKeyOf(event);
        const n = (occurrences.get(key) ?? 0) + 1;
        occurrences.set(key, n);
        const instance = n === 1 ? key : `${key}\u0002${n}`;
        if (seen.has(instance)) {
          statsOf(event.market).duplicates++;
          continue;
        }
        seen.add(instance);
        kept.push(orderedEvent(event, kept.length));
      }
    }
    kept.sort(compareOrdered);
    for (const item of kept) {
      const event = item.event;
      lines.length = 0;
      const rows = appendCsvLines(event, lines);
      const stats = statsOf(event.market);
      stats.symbols.add(event.symbol);
      stats.rows += rows;
      stats.events++;
      totalRows += rows;
      totalEvents++;
      for (const line of lines) writer.writeString(line);
    }
  };

  for (let m = 0; m < minutes.length; m++) {
    for (let ahead = m; ahead <= m + PREFETCH_MINUTES && ahead < minutes.length; ahead++) {
      const startUs = minutes[ahead] as number;
      if (!loads.has(startUs)) loads.set(startUs, loadMinute(startUs));
    }
    const startUs = minutes[m] as number;
    const loaded = await (loads.get(startUs) as Promise<LoadedObject[]>);
    loads.delete(startUs);
    const minuteIndex = (startUs - dayStartUs) / MICROS_PER_MINUTE;
    if (!mergeMinuteFast(loaded, startUs, minuteIndex)) mergeMinuteGeneric(loaded, minuteIndex);
    await flush(false);
  }
  await flush(true);
  gzip.end();
  await done;

  const csvKey = productCsvKey({ dataSet: request.dataSet, venue, type, day });
  const manifest: DayManifest = {
    manifestVersion: MANIFEST_VERSION,
    dataSet: request.dataSet,
    venue,
    type,
    day,
    file: {
      key: csvKey,
      format: 'csv',
      compression: 'gzip',
      csvSchemaVersion: CSV_SCHEMA_VERSION,
      columns: CSV_COLUMNS[type].map((column) => ({ ...column })),
      sha256: digest.hash.digest('hex'),
      bytes: digest.bytes,
      rows: totalRows,
      events: totalEvents,
    },
    ordering: ORDERING,
    dedupe: DEDUPE,
    markets: [...markets.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([market, stats]) => ({
        market,
        symbols: [...stats.symbols].sort(),
        rows: stats.rows,
        events: stats.events,
        duplicates: stats.duplicates,
        objects: stats.objects,
        coverage: marketCoverage(day, stats.minutes.primary, stats.minutes.replica),
      })),
    inputs: { objects: inputObjects, events: inputEvents },
    quarantine,
  };
  // The manifest is a published contract: never emit one that its own schema rejects.
  return dayManifestSchema.parse(manifest);
}
