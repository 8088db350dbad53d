import { describeValue } from '../validation/describe-value.util';
import { MICROS_PER_MILLI, MICROS_PER_SECOND } from './epoch-micros.schema';

// Conversions from the venues' timestamp notations to epoch microseconds. They parse text
// digit by digit instead of going through floating point, so no microsecond is lost.

/** Binance `E`/`T`, OKX `ts`, Bybit `ts`: integer epoch milliseconds (number or digit string). */
export function millisToMicros(ms: number | string): number {
  const value = typeof ms === 'string' && /^[0-9]{1,16}$/.test(ms) ? Number(ms) : ms;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(
      `Expected epoch milliseconds as a non-negative integer, got ${describeValue(ms)}`,
    );
  }
  const us = value * MICROS_PER_MILLI;
  if (!Number.isSafeInteger(us)) {
    throw new Error(`Epoch milliseconds ${value} overflow microsecond precision`);
  }
  return us;
}

/** Bitstamp `microtimestamp`: integer epoch microseconds as a digit string. */
export function microsTextToMicros(text: string): number {
  if (
    typeof text !== 'string' ||
    !/^[0-9]{1,16}$/.test(text) ||
    !Number.isSafeInteger(Number(text))
  ) {
    throw new Error(`Expected epoch microseconds as digits, got ${describeValue(text)}`);
  }
  return Number(text);
}

const SECONDS_TEXT = /^([0-9]{1,11})(?:\.([0-9]{1,9}))?$/;

/**
 * Kraken `"1618678133.924027"`, Bitstamp `"1641343695"`: epoch seconds with an optional fraction.
 * Digits beyond the sixth decimal are truncated (floor), which is what a microsecond clock reads.
 */
export function secondsTextToMicros(text: string): number {
  const match = typeof text === 'string' ? SECONDS_TEXT.exec(text) : null;
  if (!match) {
    throw new Error(`Expected epoch seconds like "1618678133.924027", got ${describeValue(text)}`);
  }
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return Number(match[1]) * MICROS_PER_SECOND + Number(fraction);
}

const ISO_UTC =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?Z$/;

/** Coinbase `"2021-04-17T16:43:37.089723Z"`: ISO 8601 in UTC (`Z`) with up to 9 decimals. */
export function isoToMicros(text: string): number {
  const match = typeof text === 'string' ? ISO_UTC.exec(text) : null;
  if (!match) {
    throw new Error(
      `Expected an ISO 8601 UTC time like "2021-04-17T16:43:37.089723Z", got ${describeValue(text)}`,
    );
  }
  const [, y, mo, d, h, mi, s, frac] = match as unknown as [string, ...string[]];
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as written (Coinbase sends year 0001).
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  // Reject values the Date rolled over (2021-02-30 -> March 2, 24:00 -> next day).
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    date.getUTCHours() !== Number(h) ||
    date.getUTCMinutes() !== Number(mi) ||
    date.getUTCSeconds() !== Number(s)
  ) {
    throw new Error(`Expected a real calendar time, got ${describeValue(text)}`);
  }
  const ms = date.getTime();
  const us = ms * MICROS_PER_MILLI + Number((frac ?? '').padEnd(6, '0').slice(0, 6));
  if (!Number.isSafeInteger(us)) {
    throw new Error(`Time ${describeValue(text)} is outside the exact microsecond range`);
  }
  return us;
}

/** `1618677817089723` -> `"2021-04-17T16:43:37.089723Z"` (always six decimals). */
export function microsToIso(us: number): string {
  if (!Number.isSafeInteger(us) || us < 0) {
    throw new Error(`Expected non-negative integer epoch microseconds, got ${describeValue(us)}`);
  }
  const ms = Math.floor(us / MICROS_PER_MILLI);
  const subMs = us - ms * MICROS_PER_MILLI;
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  return `${iso.slice(0, 23)}${String(subMs).padStart(3, '0')}Z`;
}

let monotonicOffsetMs = 0;

/**
 * The local receive clock in epoch microseconds. `Date.now()` only has millisecond resolution,
 * so this reads the monotonic high-resolution clock and re-anchors it to the wall clock whenever
 * the two drift apart by more than 2 ms (e.g. after an NTP step).
 */
export function nowMicros(): number {
  const wallMs = Date.now();
  const monoMs = performance.timeOrigin + performance.now() + monotonicOffsetMs;
  if (monoMs < wallMs - 2 || monoMs > wallMs + 2) {
    monotonicOffsetMs += wallMs - monoMs;
    return wallMs * MICROS_PER_MILLI;
  }
  return Math.floor(monoMs * MICROS_PER_MILLI);
}
