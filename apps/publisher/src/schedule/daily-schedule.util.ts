import { z } from 'zod';

export interface DailySchedule {
  readonly minute: number;
  readonly hour: number;
}

const CRON = /^\s*(\d{1,2})\s+(\d{1,2})\s+\*\s+\*\s+\*\s*$/;

/**
 * A daily UTC time in cron notation, `minute hour * * *` (the only form a daily publication
 * needs; anything else is refused rather than half-understood).
 */
export const dailyScheduleSchema = z.string().transform((text, ctx): DailySchedule => {
  const match = CRON.exec(text);
  const minute = Number(match?.[1]);
  const hour = Number(match?.[2]);
  if (!match || minute > 59 || hour > 23) {
    ctx.addIssue({
      code: 'custom',
      message: `expected "minute hour * * *" in UTC with minute 0-59 and hour 0-23, got "${text}"`,
    });
    return z.NEVER;
  }
  return { minute, hour };
});

/** The first fire time strictly after `after`. */
export function nextFireTime(schedule: DailySchedule, after: Date): Date {
  const fire = new Date(
    Date.UTC(
      after.getUTCFullYear(),
      after.getUTCMonth(),
      after.getUTCDate(),
      schedule.hour,
      schedule.minute,
    ),
  );
  if (fire.getTime() <= after.getTime()) fire.setUTCDate(fire.getUTCDate() + 1);
  return fire;
}

/** `YYYY-MM-DD` of the UTC day before `at`. */
export function previousUtcDay(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - 1));
  return day.toISOString().slice(0, 10);
}

/** Every `YYYY-MM-DD` from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
