import { formatTime, parseTimeText, shiftIdText, shiftTimeText } from './time-format.util';

const DAY = 86_400;

describe('shiftTimeText', () => {
  it.each([
    ['s', '1641343691', '1641430091'],
    ['ms', '1633998512068', '1634084912068'],
    ['us', '1641343691406478', '1641430091406478'],
    ['sFrac', '1618678133.924027', '1618764533.924027'],
    ['sFrac', '1618678133.92', '1618764533.92'],
    ['iso', '2021-04-17T16:43:37.089723Z', '2021-04-18T16:43:37.089723Z'],
    ['iso', '2021-04-17T16:43:37Z', '2021-04-18T16:43:37Z'],
  ] as const)('%s %s + 1 day', (format, text, expected) => {
    expect(shiftTimeText(text, format, DAY)).toBe(expected);
  });

  it('rolls ISO times over months, years and leap days, and goes backwards', () => {
    expect(shiftTimeText('2024-02-28T23:59:59.5Z', 'iso', 1)).toBe('2024-02-29T00:00:00.5Z');
    expect(shiftTimeText('2021-12-31T23:00:00.000001Z', 'iso', 3600)).toBe(
      '2022-01-01T00:00:00.000001Z',
    );
    expect(shiftTimeText('2021-04-17T00:00:00.1Z', 'iso', -1)).toBe('2021-04-16T23:59:59.1Z');
    expect(shiftTimeText('1633998512068', 'ms', -DAY)).toBe('1633912112068');
  });

  it('leaves placeholders and non-timestamps alone', () => {
    expect(shiftTimeText('0001-01-01T00:00:00.000000Z', 'iso', DAY)).toBe(
      '0001-01-01T00:00:00.000000Z',
    );
    expect(shiftTimeText('-1', 'ms', DAY)).toBe('-1');
    expect(shiftTimeText('abc', 'sFrac', DAY)).toBe('abc');
    expect(shiftTimeText('1633998512068', 'ms', 0)).toBe('1633998512068');
  });

  it('refuses to leave the exact integer range', () => {
    expect(() => shiftTimeText('1633998512068', 'us', 10_000_000_000)).toThrow(RangeError);
  });
});

describe('formatTime and parseTimeText', () => {
  const us = 1618677817089723;

  it.each([
    ['s', '1618677817'],
    ['ms', '1618677817089'],
    ['us', '1618677817089723'],
    ['sFrac', '1618677817.089723'],
    ['iso', '2021-04-17T16:43:37.089723Z'],
  ] as const)('%s', (format, text) => {
    expect(formatTime(us, format)).toBe(text);
    const parsed = parseTimeText(text, format);
    expect(parsed).toBe(
      format === 's' ? 1618677817000000 : format === 'ms' ? 1618677817089000 : us,
    );
  });

  it('parses nothing from non-timestamps', () => {
    expect(parseTimeText('x', 'ms')).toBeUndefined();
    expect(parseTimeText('0001-01-01T00:00:00Z', 'iso')).toBeUndefined();
  });
});

describe('shiftIdText', () => {
  it('adds to digit strings only', () => {
    expect(shiftIdText('499869752', 428)).toBe('499870180');
    expect(shiftIdText('-1', 5)).toBe('-1');
    expect(shiftIdText('4c7b6bdc', 5)).toBe('4c7b6bdc');
  });
});
