import { z } from 'zod';

const US_PER_S = 1_000_000;
const S_PER_DAY = 86_400;

/**
 * How exchange timestamps are moved:
 * - `none`: as recorded.
 * - `now`: the recording's first frame happens when the replay starts (seconds precision).
 * - `date` (`2026-03-01`): whole days, so every frame keeps its time of day.
 * - `at` (`2026-03-01T12:00:00Z`): the first frame happens at that instant.
 * - `offset` (`+90s`, `-2h`, `+3d`): a fixed amount.
 */
export type TimeShiftSetting =
  | { readonly kind: 'none' }
  | { readonly kind: 'now' }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'at'; readonly atUs: number }
  | { readonly kind: 'offset'; readonly seconds: number };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const OFFSET = /^([+-])(\d+)(s|m|h|d)$/;
const UNIT_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: S_PER_DAY };

export const TIME_SHIFT_HELP =
  'none, now, a date (2026-03-01), an instant (2026-03-01T12:00:00Z) or an offset (+90s, -2h, +3d)';

/** Parses a time-shift setting; throws an Error naming the accepted forms. */
export function parseTimeShift(text: string): TimeShiftSetting {
  const value = text.trim();
  if (value === '' || value === 'none') {
    return { kind: 'none' };
  }
  if (value === 'now') {
    return { kind: 'now' };
  }
  const date = DATE.exec(value);
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(ms).toISOString().slice(0, 10) !== value) {
      throw new Error(`"${value}" is not a calendar date`);
    }
    return { kind: 'date', date: value };
  }
  if (INSTANT.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) {
      return { kind: 'at', atUs: ms * 1000 };
    }
  }
  const offset = OFFSET.exec(value);
  if (offset) {
    const seconds = Number(offset[2]) * (UNIT_S[offset[3] as string] ?? 1);
    return { kind: 'offset', seconds: offset[1] === '-' ? -seconds : seconds };
  }
  throw new Error(`expected ${TIME_SHIFT_HELP}, got "${value}"`);
}

export function formatTimeShift(setting: TimeShiftSetting): string {
  switch (setting.kind) {
    case 'none':
    case 'now':
      return setting.kind;
    case 'date':
      return setting.date;
    case 'at':
      return new Date(setting.atUs / 1000).toISOString();
    case 'offset':
      return `${setting.seconds < 0 ? '-' : '+'}${Math.abs(setting.seconds)}s`;
  }
}

/**
 * The whole seconds to add to a recording that starts at `startUs`, when the replay starts at
 * wall time `nowMs`. Whole seconds keep every venue's timestamp notations consistent.
 */
export function resolveTimeShift(
  setting: TimeShiftSetting,
  startUs: number,
  nowMs: number,
): number {
  switch (setting.kind) {
    case 'none':
      return 0;
    case 'now':
      return Math.round((nowMs * 1000 - startUs) / US_PER_S);
    case 'date': {
      const targetDay = Date.parse(`${setting.date}T00:00:00Z`) / 1000 / S_PER_DAY;
      const startDay = Math.floor(startUs / US_PER_S / S_PER_DAY);
      return (targetDay - startDay) * S_PER_DAY;
    }
    case 'at':
      return Math.round((setting.atUs - startUs) / US_PER_S);
    case 'offset':
      return setting.seconds;
  }
}

/** zod field for env values and request bodies: text in, TimeShiftSetting out. */
export function timeShiftField() {
  return z
    .string()
    .transform((raw, ctx) => {
      try {
        return parseTimeShift(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .describe(TIME_SHIFT_HELP);
}
