import { decimalStringSchema, isDecimalString, isZeroDecimal } from './decimal.schema';

describe('decimalStringSchema', () => {
  // Values as they appear in the captures: trailing zeros, integers, tiny prices.
  it.each([
    '0.35210000', // Binance
    '0.00001305', // Coinbase
    '985', // Coinbase size
    '56218.30000', // Kraken
    '0.00000000', // Kraken removal
    '3805.44', // Bitstamp
    '30261', // OKX
    '0', // OKX removal
    '28555.20', // Bybit
    '1234567890123456789.123456789012345678', // 38 characters
  ])('accepts %j', (value) => {
    expect(decimalStringSchema.parse(value)).toBe(value);
    expect(isDecimalString(value)).toBe(true);
  });

  it.each([
    ['-1', 'expected a decimal string like "123.45", got "-1"'],
    ['1e-8', 'expected a decimal string like "123.45", got "1e-8"'],
    ['1E5', 'expected a decimal string like "123.45", got "1E5"'],
    ['0.-10000', 'expected a decimal string like "123.45", got "0.-10000"'], // real Coinbase garbage
    ['.5', 'expected a decimal string like "123.45", got ".5"'],
    ['5.', 'expected a decimal string like "123.45", got "5."'],
    ['007', 'expected a decimal string like "123.45", got "007"'],
    ['+1', 'expected a decimal string like "123.45", got "+1"'],
    [' 1', 'expected a decimal string like "123.45", got " 1"'],
    ['1,5', 'expected a decimal string like "123.45", got "1,5"'],
    ['NaN', 'expected a decimal string like "123.45", got "NaN"'],
    ['', 'expected a decimal string like "123.45", got ""'],
    [12.5, 'expected a decimal string like "123.45", got 12.5'],
    [null, 'expected a decimal string like "123.45", got null'],
    [undefined, 'missing; expected a decimal string like "123.45"'],
    ['1'.repeat(41), `expected a decimal string like "123.45", got "${'1'.repeat(41)}"`],
  ])('rejects %j with a precise message', (value, message) => {
    const result = decimalStringSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
    expect(isDecimalString(value)).toBe(false);
  });

  it('recognizes zero sizes in every spelling the venues use', () => {
    expect(['0', '0.0', '0.00000000'].map(isZeroDecimal)).toEqual([true, true, true]);
    expect(['0.00000001', '10', '1.0'].map(isZeroDecimal)).toEqual([false, false, false]);
  });
});
