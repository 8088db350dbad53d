import { MICROS_PER_MINUTE, microsToIso, parseUtcDay } from '@tickline/domain';

import type { MarketCoverage, MinuteRange } from './manifest.schema';

export const MINUTES_PER_DAY = 1440;

/** Contiguous runs of the minutes (indexes 0-1439 of the day) for which `test` holds. */
export function minuteRanges(dayStartUs: number, test: (minute: number) => boolean): MinuteRange[] {
  const ranges: MinuteRange[] = [];
  let start = -1;
  for (let minute = 0; minute <= MINUTES_PER_DAY; minute++) {
    const inside = minute < MINUTES_PER_DAY && test(minute);
    if (inside && start < 0) start = minute;
    if (!inside && start >= 0) {
      ranges.push({
        from: microsToIso(dayStartUs + start * MICROS_PER_MINUTE),
        to: microsToIso(dayStartUs + minute * MICROS_PER_MINUTE),
        minutes: minute - start,
      });
      start = -1;
    }
  }
  return ranges;
}

/**
 * Coverage of one market from the minutes each system has data for (minute indexes of the
 * day). Ranges are half-open: `from` is the first minute's start, `to` the end of the last.
 */
export function marketCoverage(
  day: string,
  primary: ReadonlySet<number>,
  replica: ReadonlySet<number>,
): MarketCoverage {
  const dayStartUs = parseUtcDay(day);
  let both = 0;
  let primaryOnly = 0;
  let replicaOnly = 0;
  for (let minute = 0; minute < MINUTES_PER_DAY; minute++) {
    const p = primary.has(minute);
    const r = replica.has(minute);
    if (p && r) both++;
    else if (p) primaryOnly++;
    else if (r) replicaOnly++;
  }
  return {
    minutes: {
      both,
      primaryOnly,
      replicaOnly,
      neither: MINUTES_PER_DAY - both - primaryOnly - replicaOnly,
    },
    primaryOnlyRanges: minuteRanges(dayStartUs, (m) => primary.has(m) && !replica.has(m)),
    replicaOnlyRanges: minuteRanges(dayStartUs, (m) => replica.has(m) && !primary.has(m)),
    neitherRanges: minuteRanges(dayStartUs, (m) => !primary.has(m) && !replica.has(m)),
  };
}
