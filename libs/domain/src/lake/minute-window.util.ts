import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '../time/epoch-micros.schema';
import { describeValue } from '../validation/describe-value.util';

export interface MinuteWindow {
  /** First microsecond of the window (inclusive), epoch µs. */
  readonly startUs: number;
  /** First microsecond after the window (exclusive). */
  readonly endUs: number;
  /** `YYYYMMDDTHHmm` in UTC, as used in lake file names. */
  readonly label: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function assertNonNegativeMicros(us: number): void {
  if (!Number.isSafeInteger(us) || us < 0) {
    throw new Error(`Expected non-negative integer epoch microseconds, got ${describeValue(us)}`);
  }
}

/** The start of the UTC minute containing `us`. Lake windows follow the exchange timestamp. */
export function minuteWindowStartUs(us: number): number {
  assertNonNegativeMicros(us);
  return us - (us % MICROS_PER_MINUTE);
}

export function formatWindowLabel(startUs: number): string {
  assertNonNegativeMicros(startUs);
  if (startUs % MICROS_PER_MINUTE !== 0) {
    throw new Error(`Window start ${startUs} is not on a minute boundary`);
  }
  const d = new Date(startUs / 1000);
  return (
    `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}`
  );
}

export function minuteWindowOf(us: number): MinuteWindow {
  const startUs = minuteWindowStartUs(us);
  return { startUs, endUs: startUs + MICROS_PER_MINUTE, label: formatWindowLabel(startUs) };
}

const WINDOW_LABEL = /^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})$/;

/** `"20211012T0048"` -> window start in epoch µs; rejects impossible dates and times. */
export function parseWindowLabel(label: string): number {
  const match = typeof label === 'string' ? WINDOW_LABEL.exec(label) : null;
  if (!match) {
    throw new Error(`Expected a window label YYYYMMDDTHHmm, got ${describeValue(label)}`);
  }
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const startUs = ms * 1000;
  if (!Number.isSafeInteger(startUs) || startUs < 0 || formatWindowLabel(startUs) !== label) {
    throw new Error(`Window label ${describeValue(label)} is not a real UTC minute`);
  }
  return startUs;
}

const DAY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** The UTC day `YYYY-MM-DD` containing `us`. */
export function utcDayOf(us: number): string {
  assertNonNegativeMicros(us);
  return new Date(Math.floor(us / 1000)).toISOString().slice(0, 10);
}

/** `"2021-10-12"` -> the day's first microsecond (UTC); rejects impossible dates. */
export function parseUtcDay(day: string): number {
  const match = typeof day === 'string' ? DAY.exec(day) : null;
  const startUs = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) * 1000
    : Number.NaN;
  if (!match || !Number.isSafeInteger(startUs) || startUs < 0 || utcDayOf(startUs) !== day) {
    throw new Error(`Expected a UTC day YYYY-MM-DD, got ${describeValue(day)}`);
  }
  return startUs;
}

/** All 1,440 minute windows of a UTC day, in order (for coverage reports). */
export function minuteWindowsOfDay(day: string): MinuteWindow[] {
  const dayStartUs = parseUtcDay(day);
  const windows: MinuteWindow[] = [];
  for (
    let startUs = dayStartUs;
    startUs < dayStartUs + MICROS_PER_DAY;
    startUs += MICROS_PER_MINUTE
  ) {
    windows.push({
      startUs,
      endUs: startUs + MICROS_PER_MINUTE,
      label: formatWindowLabel(startUs),
    });
  }
  return windows;
}
