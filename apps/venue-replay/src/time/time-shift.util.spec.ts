import { formatTimeShift, parseTimeShift, resolveTimeShift } from './time-shift.util';

const START_US = Date.UTC(2021, 3, 17, 16, 43, 37, 89) * 1000 + 723;

describe('parseTimeShift', () => {
  it.each([
    ['', { kind: 'none' }],
    ['none', { kind: 'none' }],
    ['now', { kind: 'now' }],
    ['2026-03-01', { kind: 'date', date: '2026-03-01' }],
    ['2026-03-01T12:00:00Z', { kind: 'at', atUs: Date.UTC(2026, 2, 1, 12) * 1000 }],
    ['2026-03-01T12:00:00+02:00', { kind: 'at', atUs: Date.UTC(2026, 2, 1, 10) * 1000 }],
    ['+90s', { kind: 'offset', seconds: 90 }],
    ['-2h', { kind: 'offset', seconds: -7200 }],
    ['+3d', { kind: 'offset', seconds: 259_200 }],
  ])('%j', (text, expected) => {
    expect(parseTimeShift(text)).toEqual(expected);
  });

  it.each(['yesterday', '2026-02-30', '90s', '+1w', '2026-03-01T12'])('rejects %j', (text) => {
    expect(() => parseTimeShift(text)).toThrow();
  });

  it('formats back', () => {
    expect(formatTimeShift(parseTimeShift('2026-03-01'))).toBe('2026-03-01');
    expect(formatTimeShift(parseTimeShift('-2h'))).toBe('-7200s');
    expect(formatTimeShift(parseTimeShift('2026-03-01T12:00:00Z'))).toBe(
      '2026-03-01T12:00:00.000Z',
    );
  });
});

describe('resolveTimeShift', () => {
  const nowMs = Date.UTC(2026, 10, 27, 9, 30, 0, 400);

  it('moves a recording to a date in whole days, keeping its time of day', () => {
    const seconds = resolveTimeShift(parseTimeShift('2026-03-01'), START_US, nowMs);
    expect(seconds % 86_400).toBe(0);
    expect(new Date(START_US / 1000 + seconds * 1000).toISOString()).toBe(
      '2026-03-01T16:43:37.089Z',
    );
  });

  it('starts the recording at an instant or now, to the second', () => {
    const at = resolveTimeShift(parseTimeShift('2030-01-01T00:00:00Z'), START_US, nowMs);
    expect(Math.abs(START_US + at * 1e6 - Date.UTC(2030, 0, 1) * 1000)).toBeLessThanOrEqual(
      500_000,
    );
    const now = resolveTimeShift(parseTimeShift('now'), START_US, nowMs);
    expect(Math.abs(START_US + now * 1e6 - nowMs * 1000)).toBeLessThanOrEqual(500_000);
  });

  it('uses offsets as given and nothing for none', () => {
    expect(resolveTimeShift(parseTimeShift('-2h'), START_US, nowMs)).toBe(-7200);
    expect(resolveTimeShift(parseTimeShift('none'), START_US, nowMs)).toBe(0);
  });
});
