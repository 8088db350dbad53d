import { compareDecimalText, subtractDecimalText } from './decimal-text.util';

// BigInt is the oracle: a plain decimal scaled by 10^40 is an exact integer.
const exact = (text: string): bigint => {
  const [integer = '', fraction = ''] = text.split('.');
  return BigInt(integer + fraction.padEnd(40, '0'));
};

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDecimal(random: () => number): string {
  const pick = (alphabet: string, count: number): string =>
    Array.from({ length: count }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  // A small alphabet makes equal and nearly equal values common.
  const integer = pick('0019', 1 + Math.floor(random() * 3));
  return random() < 0.3 ? integer : `${integer}.${pick('0019', 1 + Math.floor(random() * 4))}`;
}

describe('compareDecimalText', () => {
  it.each([
    ['1.5', '1.50', 0],
    ['007', '7', 0],
    ['0', '0.000', 0],
    ['10', '9.999', 1],
    ['0.1', '0.09', 1],
    ['7.000000000000000000001', '7.000000000000000000002', -1],
    ['30182.6', '30249.4', -1],
  ])('compares %j with %j', (a, b, sign) => {
    expect(Math.sign(compareDecimalText(a, b))).toBe(sign);
    expect(Math.sign(compareDecimalText(b, a)) || 0).toBe(-sign || 0);
  });

  it('orders 50,000 random pairs as exact arithmetic does', () => {
    const random = mulberry32(11);
    const wrong: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const a = randomDecimal(random);
      const b = randomDecimal(random);
      const expected = exact(a) === exact(b) ? 0 : exact(a) < exact(b) ? -1 : 1;
      if (Math.sign(compareDecimalText(a, b)) !== expected) wrong.push(`${a} vs ${b}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('subtractDecimalText', () => {
  it.each([
    ['30249.4', '30182.6', '66.8'],
    ['56218.30000', '56218.2', '0.10000'],
    ['0.00001306', '0.00001305', '0.00000001'],
    ['100', '100.5', '-0.5'],
    ['5', '5', '0'],
    ['5.00', '5', '0.00'],
  ])('%j - %j = %j', (a, b, difference) => {
    expect(subtractDecimalText(a, b)).toBe(difference);
  });

  it('matches exact arithmetic on 20,000 random pairs', () => {
    const random = mulberry32(12);
    for (let i = 0; i < 20_000; i++) {
      const a = randomDecimal(random);
      const b = randomDecimal(random);
      const difference = subtractDecimalText(a, b);
      const negative = difference.startsWith('-');
      const magnitude = exact(negative ? difference.slice(1) : difference);
      expect(negative ? -magnitude : magnitude).toBe(exact(a) - exact(b));
    }
  });
});
