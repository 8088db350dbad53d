import { epochMicrosSchema } from './epoch-micros.schema';
import {
  isoToMicros,
  microsTextToMicros,
  microsToIso,
  millisToMicros,
  nowMicros,
  secondsTextToMicros,
} from './timestamp.util';

describe('venue timestamps to epoch microseconds', () => {
  it('converts each venue notation exactly', () => {
    expect(millisToMicros(1633998523963)).toBe(1_633_998_523_963_000); // Binance E
    expect(millisToMicros('1652459225464')).toBe(1_652_459_225_464_000); // OKX ts
    expect(microsTextToMicros('1641343699596000')).toBe(1_641_343_699_596_000); // Bitstamp
    expect(secondsTextToMicros('1618678133.924027')).toBe(1_618_678_133_924_027); // Kraken
    expect(secondsTextToMicros('1641343695')).toBe(1_641_343_695_000_000); // Bitstamp timestamp
    expect(secondsTextToMicros('1618678133.9')).toBe(1_618_678_133_900_000);
    expect(secondsTextToMicros('1618678133.123456789')).toBe(1_618_678_133_123_456);
    expect(isoToMicros('2021-04-17T16:43:37.089723Z')).toBe(1_618_677_817_089_723); // Coinbase
    expect(isoToMicros('2020-07-29T04:16:28Z')).toBe(1_595_996_188_000_000);
  });

  it('does not lose microseconds where floating point would', () => {
    // parseFloat('1618678133.924027') * 1e6 gives 1618678133924026.8
    expect(secondsTextToMicros('1618678133.924027')).toBe(1618678133924027);
    for (let us = 1_618_678_133_000_000; us < 1_618_678_133_000_000 + 2_000; us += 7) {
      const text = `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
      expect(secondsTextToMicros(text)).toBe(us);
      expect(isoToMicros(microsToIso(us))).toBe(us);
    }
  });

  it('rejects malformed times, including the real Coinbase year-0001 time', () => {
    expect(() => isoToMicros('0001-01-01T00:00:00.000000Z')).toThrow(
      'Time "0001-01-01T00:00:00.000000Z" is outside the exact microsecond range',
    );
    expect(() => isoToMicros('2021-02-30T00:00:00Z')).toThrow(
      'Expected a real calendar time, got "2021-02-30T00:00:00Z"',
    );
    expect(() => isoToMicros('2021-04-17 16:43:37Z')).toThrow('Expected an ISO 8601 UTC time');
    expect(() => isoToMicros('2021-04-17T16:43:37+02:00')).toThrow('Expected an ISO 8601 UTC time');
    expect(() => secondsTextToMicros('-1.5')).toThrow('Expected epoch seconds');
    expect(() => millisToMicros(1.5)).toThrow(
      'Expected epoch milliseconds as a non-negative integer, got 1.5',
    );
    expect(() => microsTextToMicros('99999999999999999')).toThrow('Expected epoch microseconds');
  });

  it('formats microseconds as ISO with six decimals', () => {
    expect(microsToIso(1_618_677_817_089_723)).toBe('2021-04-17T16:43:37.089723Z');
    expect(microsToIso(1_618_677_817_000_001)).toBe('2021-04-17T16:43:37.000001Z');
  });

  it('rejects millisecond values where microseconds are expected', () => {
    const result = epochMicrosSchema.safeParse(1633998523963);
    expect(result.error?.issues[0]?.message).toBe(
      'expected epoch microseconds (an integer from 2000-01-01 on, e.g. 1633998523963000), got 1633998523963',
    );
    expect(epochMicrosSchema.safeParse(1633998523963000.5).success).toBe(false);
    expect(epochMicrosSchema.safeParse(2 ** 53).success).toBe(false);
  });

  it('reads the local clock in microseconds close to Date.now()', () => {
    const before = Date.now() * 1000;
    const now = nowMicros();
    const after = Date.now() * 1000 + 1000;
    expect(Number.isSafeInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before - 3000);
    expect(now).toBeLessThanOrEqual(after + 3000);
  });
});
