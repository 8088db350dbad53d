import { isoToMicros, microsToIso, secondsTextToMicros } from '@tickline/domain';

/**
 * The timestamp notations venues put inside payloads:
 * - `s`: integer epoch seconds (Bitstamp `timestamp`)
 * - `ms`: integer epoch milliseconds (Binance `E`/`T`, OKX `ts`, Bybit `ts`/`T`)
 * - `us`: integer epoch microseconds (Bitstamp `microtimestamp`)
 * - `sFrac`: epoch seconds with a fraction, `"1618678117.243818"` (Kraken)
 * - `iso`: ISO 8601 UTC, `"2021-04-17T16:43:37.089723Z"` (Coinbase)
 * Number or string makes no difference: spans exclude the quotes.
 */
export const TIME_FORMATS = ['s', 'ms', 'us', 'sFrac', 'iso'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

const US_PER_S = 1_000_000;

function addToDigits(text: string, delta: number): string {
  if (!/^[0-9]+$/.test(text)) {
    return text;
  }
  const shifted = Number(text) + delta;
  if (!Number.isSafeInteger(shifted) || shifted < 0) {
    throw new RangeError(`Shifting ${text} by ${delta} leaves the exact integer range`);
  }
  return String(shifted);
}

const ISO = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?Z$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function shiftIso(text: string, seconds: number): string {
  const match = ISO.exec(text);
  if (!match) {
    return text;
  }
  const [, y, mo, d, h, mi, s, fraction = ''] = match as unknown as [string, ...string[]];
  const epochMs =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) +
    seconds * 1000;
  // A year before 1970 is a venue's placeholder (Coinbase's 0001-01-01), not a time: keep it.
  if (Number(y) < 1970 || !Number.isFinite(epochMs)) {
    return text;
  }
  const date = new Date(epochMs);
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
    `${fraction}Z`
  );
}

/**
 * Moves a timestamp written in `format` by whole `seconds`, keeping its spelling (digits after
 * the point, quotes, width). Whole seconds keep every notation consistent with every other:
 * Bitstamp's `timestamp` stays the floor of its `microtimestamp`, and no millisecond field
 * rounds differently from a microsecond one. Text that is not a timestamp is left alone.
 */
export function shiftTimeText(text: string, format: TimeFormat, seconds: number): string {
  if (seconds === 0) {
    return text;
  }
  switch (format) {
    case 's':
      return addToDigits(text, seconds);
    case 'ms':
      return addToDigits(text, seconds * 1000);
    case 'us':
      return addToDigits(text, seconds * US_PER_S);
    case 'sFrac': {
      const dot = text.indexOf('.');
      return dot < 0
        ? addToDigits(text, seconds)
        : `${addToDigits(text.slice(0, dot), seconds)}${text.slice(dot)}`;
    }
    case 'iso':
      return shiftIso(text, seconds);
  }
}

/** Epoch microseconds in a venue notation (used when the server writes a frame itself). */
export function formatTime(us: number, format: TimeFormat): string {
  switch (format) {
    case 's':
      return String(Math.floor(us / US_PER_S));
    case 'ms':
      return String(Math.floor(us / 1000));
    case 'us':
      return String(us);
    case 'sFrac':
      return `${Math.floor(us / US_PER_S)}.${String(us % US_PER_S).padStart(6, '0')}`;
    case 'iso':
      return microsToIso(us);
  }
}

/** Adds `delta` to an integer id written as digits (loop offsets for sequence and trade ids). */
export function shiftIdText(text: string, delta: number): string {
  return delta === 0 ? text : addToDigits(text, delta);
}

/** A timestamp in `format` as epoch microseconds, or undefined when the text is not one. */
export function parseTimeText(text: string, format: TimeFormat): number | undefined {
  try {
    switch (format) {
      case 's':
        return /^[0-9]+$/.test(text) ? Number(text) * US_PER_S : undefined;
      case 'ms':
        return /^[0-9]+$/.test(text) ? Number(text) * 1000 : undefined;
      case 'us':
        return /^[0-9]+$/.test(text) ? Number(text) : undefined;
      case 'sFrac':
        return secondsTextToMicros(text);
      case 'iso': {
        const us = isoToMicros(text);
        return us >= 0 ? us : undefined;
      }
    }
  } catch {
    return undefined;
  }
}
