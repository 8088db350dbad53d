import { compareKeys, L2Book, priceKey } from './l2-book.model';

describe('priceKey / compareKeys', () => {
  it('gives one key per value whatever the trailing zeros', () => {
    expect(priceKey('30261')).toBe('30261');
    expect(priceKey('30261.0')).toBe('30261');
    expect(priceKey('30261.00')).toBe('30261');
    expect(priceKey('0.35210000')).toBe('0.3521');
    expect(priceKey('0.000')).toBe('0');
    expect(priceKey('100')).toBe('100');
  });

  it('orders keys exactly like their numeric values', () => {
    const values = [
      '0',
      '0.00001305',
      '0.0001',
      '0.3521',
      '0.35',
      '1',
      '9.99',
      '10',
      '10.5',
      '100',
      '99.999999999999999',
      '30249.4',
      '30261',
    ];
    const sortedByKey = [...values].sort(compareKeys);
    // Decimal strings of up to 17 significant digits compare as doubles only approximately, so
    // check against a scaled BigInt comparison instead.
    const scaled = (v: string): bigint => {
      const [int = '0', frac = ''] = v.split('.');
      return BigInt(int + frac.padEnd(20, '0'));
    };
    const sortedExact = [...values].sort((a, b) =>
      scaled(a) < scaled(b) ? -1 : scaled(a) > scaled(b) ? 1 : 0,
    );
    expect(sortedByKey).toEqual(sortedExact);
  });
});

describe('L2Book', () => {
  it('keeps bids high to low and asks low to high, with the venue text', () => {
    const book = new L2Book();
    book.replace(
      [
        ['100.50', '1'],
        ['101.0', '2'],
        ['99', '3'],
      ],
      [
        ['102', '1'],
        ['101.5', '4'],
      ],
    );
    expect(book.bids.top(10)).toEqual([
      ['101.0', '2'],
      ['100.50', '1'],
      ['99', '3'],
    ]);
    expect(book.asks.top(1)).toEqual([['101.5', '4']]);
    expect(book.isCrossed()).toBe(false);
  });

  it('applies absolute sizes, removes on zero, ignores removal of unknown levels', () => {
    const book = new L2Book();
    book.replace([['1', '1']], [['2', '1']]);
    book.update(
      [
        ['1.00', '5'],
        ['0.5', '0.00000000'],
        ['0.9', '2'],
      ],
      [['2', '0']],
    );
    // "1.00" is the same level as "1": updated in place, now spelled as the latest update.
    expect(book.bids.top(5)).toEqual([
      ['1.00', '5'],
      ['0.9', '2'],
    ]);
    expect(book.asks.size).toBe(0);
  });

  it('truncates each side to its best levels', () => {
    const book = new L2Book();
    book.replace(
      [
        ['1', '1'],
        ['2', '1'],
        ['3', '1'],
      ],
      [
        ['4', '1'],
        ['5', '1'],
        ['6', '1'],
      ],
    );
    book.truncate(2);
    expect(book.bids.top(5).map(([p]) => p)).toEqual(['3', '2']);
    expect(book.asks.top(5).map(([p]) => p)).toEqual(['4', '5']);
  });

  it('detects a crossed book', () => {
    const book = new L2Book();
    book.replace([['10', '1']], [['10.0', '1']]);
    expect(book.isCrossed()).toBe(true);
  });
});
