import {
  classifySize,
  decimalToNumber,
  SIZE_INVALID,
  SIZE_POSITIVE,
  SIZE_ZERO,
} from './decimal-key.util';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function digits(random: () => number, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String(Math.floor(random() * 10));
  return text;
}

describe('decimalToNumber', () => {
  it.each([
    '0.35210000',
    '0.00001305',
    '985',
    '56218.30000',
    '0.00000000',
    '30261',
    '0',
    '28555.20',
    '1234567890123456789.123456789012345678',
    '0.0000000000000000000000001',
    '9007199254740993',
  ])('reads %j exactly as Number() does', (text) => {
    expect(Object.is(decimalToNumber(text), Number(text))).toBe(true);
  });

  it('agrees with Number() bit for bit on 100,000 random decimals of every length', () => {
    const random = mulberry32(7);
    const mismatches: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const integer = String(Number(digits(random, 1 + Math.floor(random() * 12))));
      const text =
        random() < 0.2 ? integer : `${integer}.${digits(random, 1 + Math.floor(random() * 25))}`;
      if (!Object.is(decimalToNumber(text), Number(text))) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    '',
    '.',
    '.5',
    '5.',
    '1.2.3',
    '-1',
    '+1',
    '1e5',
    '1E5',
    ' 1',
    '1 ',
    '0x10',
    'NaN',
    'Infinity',
    '1,5',
  ])('rejects %j with NaN', (text) => {
    expect(decimalToNumber(text)).toBeNaN();
  });
});

describe('classifySize', () => {
  it.each(['0', '0.0', '0.00000000', '000'])('%j is zero', (text) => {
    expect(classifySize(text)).toBe(SIZE_ZERO);
  });

  it.each(['1', '0.00000001', '10', '985', '0.5'])('%j is positive', (text) => {
    expect(classifySize(text)).toBe(SIZE_POSITIVE);
  });

  it.each(['', '.', '.5', '5.', '0..0', '-0', '-1', '1e-8', 'abc', '0.-10000'])(
    '%j is invalid',
    (text) => {
      expect(classifySize(text)).toBe(SIZE_INVALID);
    },
  );
});
