import { MICROS_PER_MINUTE } from '../time/epoch-micros.schema';
import {
  formatWindowLabel,
  minuteWindowOf,
  minuteWindowsOfDay,
  minuteWindowStartUs,
  parseUtcDay,
  parseWindowLabel,
  utcDayOf,
} from './minute-window.util';

describe('minute windows', () => {
  it('puts an exchange timestamp in its UTC minute', () => {
    expect(minuteWindowOf(1_633_998_523_963_000)).toEqual({
      startUs: 1_633_998_480_000_000,
      endUs: 1_633_998_540_000_000,
      label: '20211012T0028',
    });
    // The last microsecond of a minute stays in it; the next one starts the next window.
    expect(minuteWindowStartUs(1_633_998_539_999_999)).toBe(1_633_998_480_000_000);
    expect(minuteWindowStartUs(1_633_998_540_000_000)).toBe(1_633_998_540_000_000);
  });

  it('round-trips labels over a leap day and a year end', () => {
    for (const start of [Date.UTC(2024, 1, 29, 23, 50), Date.UTC(2025, 11, 31, 23, 50)]) {
      for (let m = 0; m < 20; m++) {
        const startUs = start * 1000 + m * MICROS_PER_MINUTE;
        expect(parseWindowLabel(formatWindowLabel(startUs))).toBe(startUs);
      }
    }
    expect(formatWindowLabel(Date.UTC(2025, 0, 1, 0, 0) * 1000)).toBe('20250101T0000');
  });

  it('rejects impossible labels and unaligned starts', () => {
    expect(() => parseWindowLabel('20210229T0000')).toThrow(
      'Window label "20210229T0000" is not a real UTC minute',
    );
    expect(() => parseWindowLabel('2021-10-12T00:28')).toThrow(
      'Expected a window label YYYYMMDDTHHmm, got "2021-10-12T00:28"',
    );
    expect(() => formatWindowLabel(1_633_998_523_963_000)).toThrow('is not on a minute boundary');
    expect(() => minuteWindowStartUs(-1)).toThrow(
      'Expected non-negative integer epoch microseconds, got -1',
    );
  });

  it('lists the 1,440 windows of a UTC day', () => {
    const windows = minuteWindowsOfDay('2021-10-12');
    expect(windows).toHaveLength(1440);
    expect(windows[0]?.label).toBe('20211012T0000');
    expect(windows[1439]?.label).toBe('20211012T2359');
    expect(windows.every((w) => utcDayOf(w.startUs) === '2021-10-12')).toBe(true);
    expect(parseUtcDay('2021-10-12')).toBe(windows[0]?.startUs);
    expect(() => parseUtcDay('2021-13-01')).toThrow(
      'Expected a UTC day YYYY-MM-DD, got "2021-13-01"',
    );
  });
});
