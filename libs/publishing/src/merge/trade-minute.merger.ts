import type { LakeKeyParts } from '@tickline/domain';

import type { CsvChunkWriter } from '../csv/csv-chunk.writer';
import { isoMicros } from '../csv/csv-row.util';
import { compareRowSeqs, compareRowTradeIds, scanTradeObject } from './trade-line-scan.util';
import { TradeRows } from './trade-rows.model';

/**
 * The fast path of one minute of a trade file: the same union, dedupe, order and CSV text as
 * the generic path (`naturalKeyOf`, `compareOrdered`, `appendCsvLines`), on columns instead of
 * envelopes. The day merge uses it for a minute whose objects all pass the byte scanner, and
 * the generic path for any other minute; the spec compares both on randomized inputs.
 *
 * - dedupe: an open-addressing hash table on (symbol, numeric trade id) in typed arrays; other
 *   ids and id-less trades (whole trade as key) go through a Map of strings. Per key it keeps
 *   the multiset rule of the generic path: the n-th equal key inside one object is new only if
 *   no earlier object had n of them.
 * - order: one `Float64Array.sort` on (time offset in the minute x 2^20 + index), exact since
 *   both fit in 46 bits; runs of equal time are then sorted by the full comparator (sequence,
 *   trade id, market, index).
 * - CSV: rows written byte by byte into the chunk writer from the decompressed input.
 */

/** Upper bound of one trade row's bytes (fields bounded by the scanner's checks). */
const MAX_ROW_BYTES = 512;
const INDEX_BITS = 20;
const INDEX_SCALE = 2 ** INDEX_BITS;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BUY = Buffer.from('buy');
const SELL = Buffer.from('sell');

export interface TradeMinuteObject {
  readonly market: string;
  /** Events read from the object. */
  events: number;
  /** Events kept (rows written). */
  kept: number;
  duplicates: number;
  /** Symbols of the kept events. */
  readonly symbols: Set<string>;
}

interface KeyState {
  seen: number;
  lastObject: number;
  count: number;
}

export class TradeMinuteMerger {
  private readonly rows = new TradeRows();
  private objects: TradeMinuteObject[] = [];
  private marketBytes: Buffer[] = [];
  private marketRank: Int32Array = new Int32Array(0);
  // Dedupe table on (symbol id, numeric trade id), cleared by bumping the generation.
  private tableBits = 0;
  private tableGen: Int32Array = new Int32Array(0);
  private tableSym: Int32Array = new Int32Array(0);
  private tableId: Float64Array = new Float64Array(0);
  private tableSeen: Int32Array = new Int32Array(0);
  private tableLastObject: Int32Array = new Int32Array(0);
  private tableCount: Int32Array = new Int32Array(0);
  private generation = 0;
  private symbolOf: Int32Array = new Int32Array(0);
  private kept: Int32Array = new Int32Array(0);
  private keys: Float64Array = new Float64Array(0);
  private isoSecond = Number.NaN;
  private readonly isoPrefix = Buffer.alloc(32);
  private isoPrefixLength = 0;

  constructor(private readonly venue: Buffer) {}

  begin(): void {
    this.rows.reset();
    this.objects = [];
    this.marketBytes = [];
  }

  /**
   * Scans one decompressed object (`parts` from its key). False when it is not certainly
   * clean; the minute then has to go through the generic path.
   */
  addObject(text: Buffer, parts: LakeKeyParts): boolean {
    const index = this.objects.length;
    const before = this.rows.count;
    if (!scanTradeObject(text, parts, this.rows, index)) return false;
    this.objects.push({
      market: parts.market,
      events: this.rows.count - before,
      kept: 0,
      duplicates: 0,
      symbols: new Set(),
    });
    this.marketBytes.push(Buffer.from(parts.market, 'latin1'));
    return true;
  }

  /** Dedupes, orders and writes the minute's rows; returns the per-object counts. */
  finish(minuteStartUs: number, writer: CsvChunkWriter): readonly TradeMinuteObject[] {
    const keptCount = this.dedupe();
    this.rankMarkets();
    const order = this.order(minuteStartUs, keptCount);
    this.write(order, keptCount, writer);
    return this.objects;
  }

  private dedupe(): number {
    const rows = this.rows;
    const n = rows.count;
    if (this.kept.length < n) {
      this.kept = new Int32Array(n * 2);
      this.symbolOf = new Int32Array(n * 2);
    }
    this.prepareTable(n);
    const symbolIds = new Map<string, number>();
    const symbols: string[] = [];
    const strings = new Map<string, KeyState>();
    const kept = this.kept;
    let keptCount = 0;
    let previousSymbol = -1;
    for (let r = 0; r < n; r++) {
      const object = rows.object[r] as number;
      // Symbol id: compare with the previous row's bytes before making a string.
      let sym: number;
      if (r > 0 && rows.object[r - 1] === object && this.sameSymbol(r - 1, r)) {
        sym = previousSymbol;
      } else {
        const name = rows.text(object, rows.symStart[r] as number, rows.symEnd[r] as number);
        let id = symbolIds.get(name);
        if (id === undefined) {
          id = symbols.length;
          symbols.push(name);
          symbolIds.set(name, id);
        }
        sym = id;
      }
      previousSymbol = sym;
      this.symbolOf[r] = sym;
      const isNew =
        rows.tidValue[r] === rows.tidValue[r]
          ? this.admitNumeric(sym, rows.tidValue[r] as number, object)
          : admit(strings, this.stringKey(r, symbols[sym] as string), object);
      const stats = this.objects[object] as TradeMinuteObject;
      if (isNew) {
        kept[keptCount++] = r;
        stats.kept++;
        stats.symbols.add(symbols[sym] as string);
      } else {
        stats.duplicates++;
      }
    }
    return keptCount;
  }

  private sameSymbol(a: number, b: number): boolean {
    const rows = this.rows;
    const text = rows.texts[rows.object[a] as number] as Buffer;
    let i = rows.symStart[a] as number;
    let j = rows.symStart[b] as number;
    const end = rows.symEnd[a] as number;
    if (end - i !== (rows.symEnd[b] as number) - j) return false;
    for (; i < end; i++, j++) if (text[i] !== text[j]) return false;
    return true;
  }

  /** The generic path's natural key for ids that are not canonical numbers. */
  private stringKey(r: number, symbol: string): string {
    const rows = this.rows;
    const object = rows.object[r] as number;
    if ((rows.tidStart[r] as number) >= 0) return `${symbol}\u0000${rows.tradeId(r)}`;
    const price = rows.text(object, rows.priceStart[r] as number, rows.priceEnd[r] as number);
    const size = rows.text(object, rows.sizeStart[r] as number, rows.sizeEnd[r] as number);
    const seq = rows.seq[r] as number;
    return `${symbol}\u0001${rows.time[r]}\u0000${price}\u0000${size}\u0000${rows.side[r] === 0 ? 'buy' : 'sell'}\u0000${Number.isNaN(seq) ? '' : seq}`;
  }

  private prepareTable(n: number): void {
    let bits = 10;
    while (1 << bits < n * 2) bits++;
    if (bits > this.tableBits) {
      const size = 1 << bits;
      this.tableBits = bits;
      this.tableGen = new Int32Array(size);
      this.tableSym = new Int32Array(size);
      this.tableId = new Float64Array(size);
      this.tableSeen = new Int32Array(size);
      this.tableLastObject = new Int32Array(size);
      this.tableCount = new Int32Array(size);
      this.generation = 0;
    }
    this.generation++;
  }

  /** Multiset rule on (symbol, id): true if this occurrence is new. */
  private admitNumeric(sym: number, id: number, object: number): boolean {
    const mask = (1 << this.tableBits) - 1;
    const low = id >>> 0;
    const high = (id / 4294967296) >>> 0;
    let slot = Math.imul(
      low ^ Math.imul(high, 0x27d4eb2d) ^ Math.imul(sym, 0x9e3779b1),
      0x85ebca6b,
    );
    slot = (slot ^ (slot >>> 15)) & mask;
    const gen = this.generation;
    for (;;) {
      if (this.tableGen[slot] !== gen) {
        this.tableGen[slot] = gen;
        this.tableSym[slot] = sym;
        this.tableId[slot] = id;
        this.tableSeen[slot] = 1;
        this.tableLastObject[slot] = object;
        this.tableCount[slot] = 1;
        return true;
      }
      if (this.tableId[slot] === id && this.tableSym[slot] === sym) {
        if (this.tableLastObject[slot] !== object) {
          this.tableLastObject[slot] = object;
          this.tableCount[slot] = 0;
        }
        const count = (this.tableCount[slot] as number) + 1;
        this.tableCount[slot] = count;
        if (count <= (this.tableSeen[slot] as number)) return false;
        this.tableSeen[slot] = count;
        return true;
      }
      slot = (slot + 1) & mask;
    }
  }

  private rankMarkets(): void {
    const names = [...new Set(this.objects.map((o) => o.market))].sort();
    this.marketRank = Int32Array.from(this.objects, (o) => names.indexOf(o.market));
  }

  /** Indices into `kept`, in file order. */
  private order(minuteStartUs: number, keptCount: number): Int32Array {
    const rows = this.rows;
    const kept = this.kept;
    const result = new Int32Array(keptCount);
    const full = (a: number, b: number): number => this.compareFull(a, b);
    if (keptCount >= INDEX_SCALE) {
      const all = Array.from({ length: keptCount }, (_, i) => i).sort(full);
      result.set(all);
      return result;
    }
    if (this.keys.length < keptCount) this.keys = new Float64Array(keptCount * 2);
    const keys = this.keys.subarray(0, keptCount);
    for (let i = 0; i < keptCount; i++) {
      keys[i] = ((rows.time[kept[i] as number] as number) - minuteStartUs) * INDEX_SCALE + i;
    }
    keys.sort();
    for (let i = 0; i < keptCount; i++) result[i] = (keys[i] as number) % INDEX_SCALE;
    // Runs of equal time: order them by the remaining keys.
    let start = 0;
    while (start < keptCount) {
      const time = Math.floor((keys[start] as number) / INDEX_SCALE);
      let end = start + 1;
      while (end < keptCount && Math.floor((keys[end] as number) / INDEX_SCALE) === time) end++;
      if (end - start > 1) {
        const run = Array.from(result.subarray(start, end)).sort(full);
        result.set(run, start);
      }
      start = end;
    }
    return result;
  }

  /** `compareOrdered` on two kept indices. */
  private compareFull(a: number, b: number): number {
    const rows = this.rows;
    const ra = this.kept[a] as number;
    const rb = this.kept[b] as number;
    const ta = rows.time[ra] as number;
    const tb = rows.time[rb] as number;
    if (ta !== tb) return ta - tb;
    const bySeq = compareRowSeqs(rows, ra, rb);
    if (bySeq !== 0) return bySeq;
    const byId = compareRowTradeIds(rows, ra, rb);
    if (byId !== 0) return byId;
    const ma = this.marketRank[rows.object[ra] as number] as number;
    const mb = this.marketRank[rows.object[rb] as number] as number;
    if (ma !== mb) return ma - mb;
    return a - b;
  }

  private write(order: Int32Array, keptCount: number, writer: CsvChunkWriter): void {
    const rows = this.rows;
    const venue = this.venue;
    for (let k = 0; k < keptCount; k++) {
      const r = this.kept[order[k] as number] as number;
      const object = rows.object[r] as number;
      const text = rows.texts[object] as Buffer;
      writer.room(MAX_ROW_BYTES);
      const out = writer.buf;
      let p = writer.pos;
      // exchange_time from the cached date part and the last six digits of exchange_time_us
      // (times are >= 2000-01-01, so 15+ digits, in canonical integer form).
      const timeStart = rows.timeStart[r] as number;
      const timeEnd = rows.timeEnd[r] as number;
      p = this.writeIsoPrefix(out, p, rows.time[r] as number);
      p = copy(text, timeEnd - 6, timeEnd, out, p);
      out[p++] = 0x5a;
      out[p++] = COMMA;
      p = copy(text, timeStart, timeEnd, out, p);
      out[p++] = COMMA;
      p = copy(venue, 0, venue.length, out, p);
      out[p++] = COMMA;
      p = copy(text, rows.symStart[r] as number, rows.symEnd[r] as number, out, p);
      out[p++] = COMMA;
      const market = this.marketBytes[object] as Buffer;
      p = copy(market, 0, market.length, out, p);
      out[p++] = COMMA;
      const tidStart = rows.tidStart[r] as number;
      if (tidStart >= 0) {
        const tidEnd = rows.tidEnd[r] as number;
        let quoted = false;
        for (let i = tidStart; i < tidEnd; i++) if (text[i] === COMMA) quoted = true;
        if (quoted) out[p++] = QUOTE;
        p = copy(text, tidStart, tidEnd, out, p);
        if (quoted) out[p++] = QUOTE;
      }
      out[p++] = COMMA;
      const side = rows.side[r] === 0 ? BUY : SELL;
      p = copy(side, 0, side.length, out, p);
      out[p++] = COMMA;
      p = copy(text, rows.priceStart[r] as number, rows.priceEnd[r] as number, out, p);
      out[p++] = COMMA;
      p = copy(text, rows.sizeStart[r] as number, rows.sizeEnd[r] as number, out, p);
      out[p++] = COMMA;
      const seqStart = rows.seqStart[r] as number;
      if (seqStart >= 0) p = copy(text, seqStart, rows.seqEnd[r] as number, out, p);
      out[p++] = NEWLINE;
      writer.pos = p;
    }
    writer.cut();
  }

  /** The date part of `isoMicros(us)` up to the dot, cached per second as in the generic path. */
  private writeIsoPrefix(out: Buffer, p: number, us: number): number {
    const second = Math.floor(us / 1_000_000);
    if (second !== this.isoSecond) {
      this.isoSecond = second;
      const iso = isoMicros(second * 1_000_000);
      this.isoPrefixLength = this.isoPrefix.write(iso.slice(0, iso.length - 7), 0, 'latin1');
    }
    return copy(this.isoPrefix, 0, this.isoPrefixLength, out, p);
  }
}

function admit(strings: Map<string, KeyState>, key: string, object: number): boolean {
  let state = strings.get(key);
  if (state === undefined) {
    state = { seen: 0, lastObject: object, count: 0 };
    strings.set(key, state);
  }
  if (state.lastObject !== object) {
    state.lastObject = object;
    state.count = 0;
  }
  state.count++;
  if (state.count <= state.seen) return false;
  state.seen = state.count;
  return true;
}

function copy(src: Buffer, start: number, end: number, out: Buffer, p: number): number {
  for (let i = start; i < end; i++) out[p++] = src[i] as number;
  return p;
}
