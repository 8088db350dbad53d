import {
  dailyScheduleSchema,
  daysBetween,
  nextFireTime,
  previousUtcDay,
} from './daily-schedule.util';

describe('daily schedule', () => {
  it('parses "minute hour * * *" and refuses anything else', () => {
    expect(dailyScheduleSchema.parse('20 0 * * *')).toEqual({ minute: 20, hour: 0 });
    for (const bad of ['0 24 * * *', '60 1 * * *', '*/5 * * * *', '20 0 * * 1', '']) {
      expect(dailyScheduleSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('fires next at the schedule time, tomorrow once today has passed', () => {
    const schedule = { minute: 20, hour: 0 };
    expect(nextFireTime(schedule, new Date('2026-11-27T00:19:59Z')).toISOString()).toBe(
      '2026-11-27T00:20:00.000Z',
    );
    expect(nextFireTime(schedule, new Date('2026-11-27T00:20:00Z')).toISOString()).toBe(
      '2026-11-28T00:20:00.000Z',
    );
    expect(nextFireTime(schedule, new Date('2026-12-31T23:00:00Z')).toISOString()).toBe(
      '2027-01-01T00:20:00.000Z',
    );
  });

  it('publishes the previous UTC day; ranges include both ends', () => {
    expect(previousUtcDay(new Date('2027-01-01T00:20:00Z'))).toBe('2026-12-31');
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(daysBetween('2026-03-01', '2026-03-01')).toEqual(['2026-03-01']);
  });
});
