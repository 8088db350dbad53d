import { productCsvKey, productManifestKey } from './product-key.util';

describe('product keys', () => {
  const parts = {
    dataSet: 'coinbase-trades',
    venue: 'coinbase',
    type: 'trade',
    day: '2026-11-26',
  } as const;

  it('are deterministic per data set, venue, type and day', () => {
    expect(productCsvKey(parts)).toBe(
      'products/coinbase-trades/2026/11/26/coinbase_trade_20261126.csv.gz',
    );
    expect(productManifestKey(parts)).toBe(
      'products/coinbase-trades/2026/11/26/coinbase_trade_20261126.manifest.json',
    );
  });

  it('reject bad data set names and days', () => {
    expect(() => productCsvKey({ ...parts, dataSet: 'Bad/Name' })).toThrow('Invalid data set name');
    expect(() => productCsvKey({ ...parts, day: '2026-02-30' })).toThrow('UTC day');
  });
});
