import { EPOCH_MICROS_MIN, type LakeKeyParts, MICROS_PER_MINUTE } from '@tickline/domain';
import { compareTradeIds } from '@tickline/lake';

import type { TradeRows } from './trade-rows.model';

/**
 * A byte scanner for the lines of a clean trade lake object: it reads each line's fields
 * straight into `TradeRows` (numbers and offsets, no JSON.parse, no object per line).
 *
 * It accepts a strict subset of what `decodeLakeObjectFast` accepts without issue: plain
 * `{"key":value,...}` lines (no whitespace, no escapes, no duplicate or unknown keys, integers
 * without fraction or exponent), with the same checks as the envelope schema and the lake
 * reader (v 1, the key's venue, market, system and minute, symbol pattern, decimal pattern,
 * side, trade id pattern, safe integers, lake order). Anything else, valid or not, makes it
 * answer `false`, and the caller hands the object to the validating decoder, so issues are
 * always reported by the lake's own code and nothing invalid is accepted here.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

const F_V = 1;
const F_VENUE = 2;
const F_SYMBOL = 4;
const F_MARKET = 8;
const F_TYPE = 16;
const F_TIME = 32;
const F_SEQ = 64;
const F_SYSTEM = 128;
const F_PAYLOAD = 256;
const REQUIRED = F_V | F_VENUE | F_SYMBOL | F_MARKET | F_TYPE | F_TIME | F_SYSTEM | F_PAYLOAD;

const P_PRICE = 1;
const P_SIZE = 2;
const P_SIDE = 4;
const P_TID = 8;
const P_REQUIRED = P_PRICE | P_SIZE | P_SIDE;

const DECIMAL_MAX_LENGTH = 40;
const SYMBOL_MAX_LENGTH = 40;
const TRADE_ID_MAX_LENGTH = 64;
/** Ids up to this many digits are exact in a double. */
const NUMERIC_ID_MAX_DIGITS = 15;

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const BUY = ascii('buy');
const SELL = ascii('sell');
const TRADE = ascii('trade');

/** True if bytes [start, end) of `buf` equal `literal`. */
function equalsBytes(buf: Buffer, start: number, end: number, literal: Uint8Array): boolean {
  if (end - start !== literal.length) return false;
  for (let i = 0; i < literal.length; i++) if (buf[start + i] !== literal[i]) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$` */
function isSymbolBytes(buf: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > SYMBOL_MAX_LENGTH) return false;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    const alnum = isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (alnum) continue;
    if (i === start || (c !== 0x2f && c !== 0x5f && c !== DOT && c !== 0x2d)) return false;
  }
  return true;
}

/** `^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$`, at most 40 characters. */
function isDecimalBytes(buf: Buffer, start: number, end: number): boolean {
  if (end - start < 1 || end - start > DECIMAL_MAX_LENGTH) return false;
  let i = start;
  if (buf[i] === 0x30) i++;
  else {
    if (!isDigit(buf[i] as number) || buf[i] === 0x30) return false;
    while (i < end && isDigit(buf[i] as number)) i++;
  }
  if (i === end) return true;
  if (buf[i] !== DOT || i + 1 === end) return false;
  for (i++; i < end; i++) if (!isDigit(buf[i] as number)) return false;
  return true;
}

/** Scanner state of one object: the position and the last value read. */
class Cursor {
  pos = 0;
  /** The last string's [start, end) or the last integer's value and [start, end). */
  start = 0;
  end = 0;
  value = 0;

  constructor(readonly buf: Buffer) {}

  /** A string without escapes or control/non-ASCII bytes; false otherwise. */
  string(): boolean {
    const buf = this.buf;
    if (buf[this.pos] !== QUOTE) return false;
    const start = this.pos + 1;
    let i = start;
    for (;;) {
      const c = buf[i];
      if (c === undefined || c < 0x20 || c > 0x7e || c === BACKSLASH) return false;
      if (c === QUOTE) break;
      i++;
    }
    this.start = start;
    this.end = i;
    this.pos = i + 1;
    return true;
  }

  /** A non-negative safe integer in plain JSON form (no sign, fraction or exponent). */
  integer(): boolean {
    const buf = this.buf;
    const start = this.pos;
    let i = start;
    let value = 0;
    while (i < buf.length && isDigit(buf[i] as number)) {
      value = value * 10 + ((buf[i] as number) - 0x30);
      i++;
    }
    const length = i - start;
    if (length === 0 || length > 16 || (length > 1 && buf[start] === 0x30)) return false;
    if (value > Number.MAX_SAFE_INTEGER) return false;
    this.start = start;
    this.end = i;
    this.value = value;
    this.pos = i;
    return true;
  }

  /** A key and its colon; leaves [start, end) on the key. */
  key(): boolean {
    if (!this.string() || this.buf[this.pos] !== COLON) return false;
    this.pos++;
    return true;
  }

  keyIs(name: string): boolean {
    if (this.end - this.start !== name.length) return false;
    for (let i = 0; i < name.length; i++) {
      if (this.buf[this.start + i] !== name.charCodeAt(i)) return false;
    }
    return true;
  }
}

/** Reads `"payload":{...}` into row `r`. */
function scanPayload(c: Cursor, rows: TradeRows, r: number): boolean {
  const buf = c.buf;
  if (buf[c.pos] !== OPEN) return false;
  c.pos++;
  let seen = 0;
  rows.tidStart[r] = -1;
  rows.tidEnd[r] = -1;
  rows.tidValue[r] = Number.NaN;
  for (;;) {
    if (!c.key()) return false;
    let field: number;
    if (c.keyIs('price')) field = P_PRICE;
    else if (c.keyIs('size')) field = P_SIZE;
    else if (c.keyIs('side')) field = P_SIDE;
    else if (c.keyIs('tradeId')) field = P_TID;
    else return false;
    if ((seen & field) !== 0 || !c.string()) return false;
    seen |= field;
    const { start, end } = c;
    if (field === P_PRICE) {
      if (!isDecimalBytes(buf, start, end)) return false;
      rows.priceStart[r] = start;
      rows.priceEnd[r] = end;
    } else if (field === P_SIZE) {
      if (!isDecimalBytes(buf, start, end)) return false;
      rows.sizeStart[r] = start;
      rows.sizeEnd[r] = end;
    } else if (field === P_SIDE) {
      if (equalsBytes(buf, start, end, BUY)) rows.side[r] = 0;
      else if (equalsBytes(buf, start, end, SELL)) rows.side[r] = 1;
      else return false;
    } else {
      // Printable ASCII without space (the scanner already refused quotes and backslashes).
      const length = end - start;
      if (length < 1 || length > TRADE_ID_MAX_LENGTH) return false;
      let digits = true;
      let value = 0;
      for (let i = start; i < end; i++) {
        const b = buf[i] as number;
        if (b === 0x20) return false;
        if (digits && isDigit(b)) value = value * 10 + (b - 0x30);
        else digits = false;
      }
      rows.tidStart[r] = start;
      rows.tidEnd[r] = end;
      if (digits && length <= NUMERIC_ID_MAX_DIGITS && (length === 1 || buf[start] !== 0x30)) {
        rows.tidValue[r] = value;
      }
    }
    const next = buf[c.pos];
    c.pos++;
    if (next === COMMA) continue;
    if (next === CLOSE) return (seen & P_REQUIRED) === P_REQUIRED;
    return false;
  }
}

/** Reads one line starting at `c.pos` into row `r`; leaves `c.pos` after its newline. */
function scanLine(c: Cursor, rows: TradeRows, r: number, expect: Expected): boolean {
  const buf = c.buf;
  if (buf[c.pos] !== OPEN) return false;
  c.pos++;
  let seen = 0;
  rows.seq[r] = Number.NaN;
  rows.seqStart[r] = -1;
  rows.seqEnd[r] = -1;
  for (;;) {
    if (!c.key()) return false;
    let field: number;
    switch (c.end - c.start) {
      case 1:
        field = c.keyIs('v') ? F_V : 0;
        break;
      case 4:
        field = c.keyIs('type') ? F_TYPE : 0;
        break;
      case 5:
        field = c.keyIs('venue') ? F_VENUE : c.keyIs('seqId') ? F_SEQ : 0;
        break;
      case 6:
        field = c.keyIs('symbol') ? F_SYMBOL : c.keyIs('market') ? F_MARKET : 0;
        if (field === 0 && c.keyIs('system')) field = F_SYSTEM;
        break;
      case 7:
        field = c.keyIs('payload') ? F_PAYLOAD : 0;
        break;
      case 14:
        field = c.keyIs('exchangeTimeUs') ? F_TIME : 0;
        break;
      default:
        field = 0;
    }
    // Unknown keys (receiveTimeUs, lastUpdateId, ...) are for the validating decoder.
    if (field === 0 || (seen & field) !== 0) return false;
    seen |= field;
    switch (field) {
      case F_V:
        if (!c.integer() || c.value !== 1) return false;
        break;
      case F_TYPE:
        if (!c.string() || !equalsBytes(buf, c.start, c.end, TRADE)) return false;
        break;
      case F_VENUE:
        if (!c.string() || !equalsBytes(buf, c.start, c.end, expect.venue)) return false;
        break;
      case F_MARKET:
        if (!c.string() || !equalsBytes(buf, c.start, c.end, expect.market)) return false;
        break;
      case F_SYSTEM:
        if (!c.string() || !equalsBytes(buf, c.start, c.end, expect.system)) return false;
        break;
      case F_SYMBOL:
        if (!c.string() || !isSymbolBytes(buf, c.start, c.end)) return false;
        rows.symStart[r] = c.start;
        rows.symEnd[r] = c.end;
        break;
      case F_TIME:
        if (!c.integer() || c.value < expect.fromUs || c.value >= expect.toUs) return false;
        rows.time[r] = c.value;
        rows.timeStart[r] = c.start;
        rows.timeEnd[r] = c.end;
        break;
      case F_SEQ:
        if (!c.integer()) return false;
        rows.seq[r] = c.value;
        rows.seqStart[r] = c.start;
        rows.seqEnd[r] = c.end;
        break;
      default:
        if (!scanPayload(c, rows, r)) return false;
    }
    const next = buf[c.pos];
    c.pos++;
    if (next === COMMA) continue;
    if (next !== CLOSE || (seen & REQUIRED) !== REQUIRED) return false;
    if (c.pos === buf.length) return true;
    if (buf[c.pos] !== NEWLINE) return false;
    c.pos++;
    return true;
  }
}

/**
 * The byte layout `toCanonicalJson` writes, which is what every lake writer produces: fixed
 * field order, the constant parts compared as literals, the variable ones checked as they are
 * read. A line in any other layout returns -1 and goes through `scanLine`.
 */
interface CanonicalLiterals {
  /** `{"v":1,"venue":"<venue>","symbol":"` */
  readonly head: Uint8Array;
  /** `","market":"<market>","type":"trade","exchangeTimeUs":` */
  readonly market: Uint8Array;
  readonly seq: Uint8Array;
  /** `,"system":"<system>","payload":{"price":"` */
  readonly system: Uint8Array;
  readonly size: Uint8Array;
  readonly side: Uint8Array;
  readonly tradeId: Uint8Array;
}

function canonicalLiterals(parts: LakeKeyParts): CanonicalLiterals {
  return {
    head: ascii(`{"v":1,"venue":"${parts.venue}","symbol":"`),
    market: ascii(`","market":"${parts.market}","type":"trade","exchangeTimeUs":`),
    seq: ascii(',"seqId":'),
    system: ascii(`,"system":"${parts.system}","payload":{"price":"`),
    size: ascii('","size":"'),
    side: ascii('","side":"'),
    tradeId: ascii('","tradeId":"'),
  };
}

/** Position after `literal` at `p`, or -1. */
function literalAt(buf: Buffer, p: number, literal: Uint8Array): number {
  if (p + literal.length > buf.length) return -1;
  for (let i = 0; i < literal.length; i++) if (buf[p + i] !== literal[i]) return -1;
  return p + literal.length;
}

/** End of a decimal string's text at `p` (up to its closing quote), or -1. */
function decimalAt(buf: Buffer, p: number): number {
  let end = p;
  while (end < buf.length && buf[end] !== QUOTE) end++;
  return end < buf.length && isDecimalBytes(buf, p, end) ? end : -1;
}

function scanCanonicalLine(
  buf: Buffer,
  start: number,
  rows: TradeRows,
  r: number,
  lit: CanonicalLiterals,
  expect: Expected,
): number {
  let p = literalAt(buf, start, lit.head);
  if (p < 0) return -1;
  const symStart = p;
  while (p < buf.length && buf[p] !== QUOTE) p++;
  if (!isSymbolBytes(buf, symStart, p)) return -1;
  rows.symStart[r] = symStart;
  rows.symEnd[r] = p;
  p = literalAt(buf, p, lit.market);
  if (p < 0) return -1;
  // exchangeTimeUs: canonical digits, inside the key's minute.
  const timeStart = p;
  let time = 0;
  while (p < buf.length && isDigit(buf[p] as number))
    time = time * 10 + ((buf[p++] as number) - 0x30);
  if (
    p - timeStart > 16 ||
    buf[timeStart] === 0x30 ||
    time < expect.fromUs ||
    time >= expect.toUs
  ) {
    return -1;
  }
  rows.time[r] = time;
  rows.timeStart[r] = timeStart;
  rows.timeEnd[r] = p;
  rows.seq[r] = Number.NaN;
  rows.seqStart[r] = -1;
  rows.seqEnd[r] = -1;
  if (buf[p + 2] === 0x73 && buf[p + 3] === 0x65) {
    // `,"seqId":` (the next key starting with "se"; "system" is "sy")
    p = literalAt(buf, p, lit.seq);
    if (p < 0) return -1;
    const seqStart = p;
    let seq = 0;
    while (p < buf.length && isDigit(buf[p] as number))
      seq = seq * 10 + ((buf[p++] as number) - 0x30);
    const length = p - seqStart;
    if (length === 0 || length > 16 || (length > 1 && buf[seqStart] === 0x30)) return -1;
    if (seq > Number.MAX_SAFE_INTEGER) return -1;
    rows.seq[r] = seq;
    rows.seqStart[r] = seqStart;
    rows.seqEnd[r] = p;
  }
  p = literalAt(buf, p, lit.system);
  if (p < 0) return -1;
  const priceStart = p;
  p = decimalAt(buf, p);
  if (p < 0) return -1;
  rows.priceStart[r] = priceStart;
  rows.priceEnd[r] = p;
  p = literalAt(buf, p, lit.size);
  if (p < 0) return -1;
  const sizeStart = p;
  p = decimalAt(buf, p);
  if (p < 0) return -1;
  rows.sizeStart[r] = sizeStart;
  rows.sizeEnd[r] = p;
  p = literalAt(buf, p, lit.side);
  if (p < 0) return -1;
  if (buf[p] === 0x62 && buf[p + 1] === 0x75 && buf[p + 2] === 0x79) {
    rows.side[r] = 0;
    p += 3;
  } else if (buf[p] === 0x73 && buf[p + 1] === 0x65 && buf[p + 2] === 0x6c && buf[p + 3] === 0x6c) {
    rows.side[r] = 1;
    p += 4;
  } else {
    return -1;
  }
  rows.tidStart[r] = -1;
  rows.tidEnd[r] = -1;
  rows.tidValue[r] = Number.NaN;
  if (buf[p + 1] === COMMA) {
    p = literalAt(buf, p, lit.tradeId);
    if (p < 0) return -1;
    const tidStart = p;
    let digits = true;
    let value = 0;
    for (;;) {
      const b = buf[p];
      if (b === undefined || b <= 0x20 || b > 0x7e || b === BACKSLASH) return -1;
      if (b === QUOTE) break;
      if (digits && isDigit(b)) value = value * 10 + (b - 0x30);
      else digits = false;
      p++;
    }
    const length = p - tidStart;
    if (length < 1 || length > TRADE_ID_MAX_LENGTH) return -1;
    rows.tidStart[r] = tidStart;
    rows.tidEnd[r] = p;
    if (digits && length <= NUMERIC_ID_MAX_DIGITS && (length === 1 || buf[tidStart] !== 0x30)) {
      rows.tidValue[r] = value;
    }
  }
  if (buf[p] !== QUOTE || buf[p + 1] !== CLOSE || buf[p + 2] !== CLOSE) return -1;
  p += 3;
  if (p === buf.length) return p;
  return buf[p] === NEWLINE ? p + 1 : -1;
}

interface Expected {
  readonly venue: Uint8Array;
  readonly market: Uint8Array;
  readonly system: Uint8Array;
  readonly fromUs: number;
  readonly toUs: number;
}

/** The lake order of rows a and b (sequence key, time, trade id); > 0 means out of order. */
function compareLakeOrder(rows: TradeRows, a: number, b: number): number {
  const bySeq = compareRowSeqs(rows, a, b);
  if (bySeq !== 0) return bySeq;
  const ta = rows.time[a] as number;
  const tb = rows.time[b] as number;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return compareRowTradeIds(rows, a, b);
}

/** Sequence numbers of two rows, ascending, rows without one (NaN) last. */
export function compareRowSeqs(rows: TradeRows, a: number, b: number): number {
  const sa = rows.seq[a] as number;
  const sb = rows.seq[b] as number;
  if (sa === sb) return 0;
  const aMissing = Number.isNaN(sa);
  const bMissing = Number.isNaN(sb);
  if (aMissing !== bMissing) return aMissing ? 1 : -1;
  if (aMissing) return 0;
  return sa < sb ? -1 : 1;
}

/** `compareTradeIds` on two rows, by value when both ids are canonical numbers. */
export function compareRowTradeIds(rows: TradeRows, a: number, b: number): number {
  const va = rows.tidValue[a] as number;
  const vb = rows.tidValue[b] as number;
  if (va === va && vb === vb) return va < vb ? -1 : va > vb ? 1 : 0;
  return compareTradeIds(rows.tradeId(a), rows.tradeId(b));
}

/**
 * Appends the trades of one decompressed trade object to `rows` as object number `object`.
 * Returns false, with `rows` as before, when the object is not certainly clean.
 */
export function scanTradeObject(
  text: Buffer,
  parts: LakeKeyParts,
  rows: TradeRows,
  object: number,
): boolean {
  if (parts.type !== 'trade' || parts.windowStartUs < EPOCH_MICROS_MIN) return false;
  const expect: Expected = {
    venue: ascii(parts.venue),
    market: ascii(parts.market),
    system: ascii(parts.system),
    fromUs: parts.windowStartUs,
    toUs: parts.windowStartUs + MICROS_PER_MINUTE,
  };
  const literals = canonicalLiterals(parts);
  const first = rows.count;
  rows.texts[object] = text;
  const c = new Cursor(text);
  while (c.pos < text.length) {
    const r = rows.add();
    rows.object[r] = object;
    const end = scanCanonicalLine(text, c.pos, rows, r, literals, expect);
    const fine = end >= 0 ? ((c.pos = end), true) : scanLine(c, rows, r, expect);
    if (!fine || (r > first && compareLakeOrder(rows, r - 1, r) > 0)) {
      rows.count = first;
      return false;
    }
  }
  return true;
}
