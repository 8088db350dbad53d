import {
  type BookLevel,
  EPOCH_MICROS_MAX,
  EPOCH_MICROS_MIN,
  isoToMicros,
  microsTextToMicros,
  secondsTextToMicros,
  TRADE_ID_PATTERN,
  type Venue,
} from '@tickline/domain';

import { type MapResult } from './map-result.type';
import { type MappingErrorReason, VenueMappingError } from './venue-mapping.error';

// Field readers for raw venue frames. Each returns the value in its domain form or throws a
// `FrameFault`, which `guardMapping` turns into a typed `VenueMappingError` result, so venue
// mappers read straight down the happy path and never leak an untyped exception.

/** Internal: a fault found while reading a frame; carries no venue (the mapper adds it). */
export class FrameFault {
  constructor(
    readonly reason: MappingErrorReason,
    readonly detail: string,
    readonly path?: string,
  ) {}
}

export function fault(reason: MappingErrorReason, detail: string, path?: string): never {
  throw new FrameFault(reason, detail, path);
}

const MAX_SHOWN = 40;

/** A value for an error message: strings quoted and cut, containers by kind. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Runs a mapping step; any fault or unexpected exception becomes a typed error result. */
export function guardMapping(venue: Venue, frame: string, step: () => MapResult): MapResult {
  try {
    return step();
  } catch (error) {
    if (error instanceof FrameFault) {
      return {
        kind: 'error',
        error: new VenueMappingError(venue, error.reason, error.detail, error.path, frame),
      };
    }
    // A frame shaped so oddly that a reader tripped over it (e.g. a property of null): still a
    // bad frame, not a crash.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      kind: 'error',
      error: new VenueMappingError(venue, 'unexpected_shape', reason, undefined, frame),
    };
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fault('invalid_json', error instanceof Error ? error.message : 'not valid JSON');
  }
}

export type JsonObject = Record<string, unknown>;

/** JSON text to a value, or `undefined` when it is not JSON (no fault: for lookups). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(value: unknown, path: string): JsonObject {
  return isObject(value)
    ? value
    : fault('unexpected_shape', `expected an object, got ${show(value)}`, path);
}

export function array(value: unknown, path: string): unknown[] {
  return Array.isArray(value)
    ? value
    : fault('unexpected_shape', `expected an array, got ${show(value)}`, path);
}

export function nonEmptyArray(value: unknown, path: string): unknown[] {
  const items = array(value, path);
  return items.length > 0 ? items : fault('unexpected_shape', 'expected at least one item', path);
}

export function text(value: unknown, path: string): string {
  return typeof value === 'string' && value.length > 0
    ? value
    : fault('unexpected_shape', `expected a non-empty string, got ${show(value)}`, path);
}

export function bool(value: unknown, path: string): boolean {
  return typeof value === 'boolean'
    ? value
    : fault('unexpected_shape', `expected true or false, got ${show(value)}`, path);
}

/**
 * The domain's decimal rule (`DECIMAL_PATTERN`, at most 40 characters) as a character loop:
 * every price and size of every frame passes here, and this is several times faster than the
 * regular expression. `decimal-text.spec.ts` proves both agree.
 */
export function isDecimalText(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 40) return false;
  let c = value.charCodeAt(0);
  let i = 1;
  if (c !== 48) {
    if (c < 49 || c > 57) return false;
    while (i < n) {
      c = value.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
  }
  if (i === n) return true;
  if (value.charCodeAt(i) !== 46 || i + 1 === n) return false;
  for (i++; i < n; i++) {
    c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function decimal(value: unknown, path: string): string {
  return typeof value === 'string' && isDecimalText(value)
    ? value
    : fault('invalid_decimal', `expected a decimal string like "123.45", got ${show(value)}`, path);
}

/**
 * Book levels `[[price, size, ...], ...]` as `[price, size]` pairs. A level that already is a
 * pair of valid strings is reused as is (the common case for Binance, Bitstamp, Bybit), so the
 * hot path allocates only the outer array.
 */
export function levels(value: unknown, path: string): BookLevel[] {
  const raw = array(value, path);
  const out: BookLevel[] = new Array<BookLevel>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const level = raw[i];
    if (!Array.isArray(level) || level.length < 2) {
      fault(
        'unexpected_shape',
        `expected a [price, size] level, got ${show(level)}`,
        `${path}[${i}]`,
      );
    }
    const price = level[0] as unknown;
    const size = level[1] as unknown;
    if (typeof price !== 'string' || !isDecimalText(price)) decimal(price, `${path}[${i}][0]`);
    if (typeof size !== 'string' || !isDecimalText(size)) decimal(size, `${path}[${i}][1]`);
    out[i] = level.length === 2 ? (level as BookLevel) : [price as string, size as string];
  }
  return out;
}

function checkMicros(us: number, raw: unknown, path: string): number {
  return us >= EPOCH_MICROS_MIN && us <= EPOCH_MICROS_MAX
    ? us
    : fault(
        'invalid_timestamp',
        `time ${show(raw)} is before 2000-01-01 or beyond exact microseconds`,
        path,
      );
}

/** Epoch milliseconds, as a JSON integer or a digit string (Binance `E`, OKX `ts`, Bybit `ts`). */
export function millis(value: unknown, path: string): number {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 16 &&
    /^[0-9]+$/.test(value)
  ) {
    ms = Number(value);
  } else {
    return fault('invalid_timestamp', `expected epoch milliseconds, got ${show(value)}`, path);
  }
  if (!Number.isSafeInteger(ms)) {
    fault('invalid_timestamp', `expected integer epoch milliseconds, got ${show(value)}`, path);
  }
  return checkMicros(ms * 1000, value, path);
}

/** Epoch microseconds as digits (Bitstamp `microtimestamp`). */
export function microsText(value: unknown, path: string): number {
  if (typeof value !== 'string') {
    return fault(
      'invalid_timestamp',
      `expected epoch microseconds as digits, got ${show(value)}`,
      path,
    );
  }
  let us: number;
  try {
    us = microsTextToMicros(value);
  } catch {
    return fault(
      'invalid_timestamp',
      `expected epoch microseconds as digits, got ${show(value)}`,
      path,
    );
  }
  return checkMicros(us, value, path);
}

/** Epoch seconds with a fraction, as text (Kraken `"1618678133.924027"`). */
export function secondsText(value: unknown, path: string): number {
  let us: number;
  try {
    us = secondsTextToMicros(value as string);
  } catch {
    return fault(
      'invalid_timestamp',
      `expected epoch seconds like "1618678133.924027", got ${show(value)}`,
      path,
    );
  }
  return checkMicros(us, value, path);
}

/** ISO 8601 UTC (Coinbase `"2021-04-17T16:43:37.089723Z"`). */
export function isoTime(value: unknown, path: string): number {
  let us: number;
  try {
    us = isoToMicros(value as string);
  } catch {
    return fault('invalid_timestamp', `expected an ISO 8601 UTC time, got ${show(value)}`, path);
  }
  return checkMicros(us, value, path);
}

/** A sequence number as a JSON integer (Binance `U`/`u`, Bybit `u`/`seq`, OKX `seqId`). */
export function safeInt(value: unknown, path: string): number {
  return typeof value === 'number' && Number.isSafeInteger(value)
    ? value
    : fault('invalid_number', `expected a safe integer, got ${show(value)}`, path);
}

/** An unsigned integer sent as digits (Kraken checksum `c`), at most `max`. */
export function digitsInt(value: unknown, path: string, max: number): number {
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 16 &&
    /^[0-9]+$/.test(value)
  ) {
    const n = Number(value);
    if (n <= max) return n;
  }
  return fault(
    'invalid_number',
    `expected an integer from 0 to ${max} as digits, got ${show(value)}`,
    path,
  );
}

/** A trade id as the venue sends it: numbers rendered in decimal, strings kept. */
export function tradeId(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && TRADE_ID_PATTERN.test(value)) return value;
  return fault('unexpected_shape', `expected a trade id, got ${show(value)}`, path);
}
