import { parseSyntheticSpecs } from './synthetic-spec.util';

describe('parseSyntheticSpecs', () => {
  it('reads venues with their settings and defaults', () => {
    expect(parseSyntheticSpecs('bybit:markets=200,bookRate=10; okx')).toEqual([
      { venue: 'bybit', markets: 200, bookUpdatesPerSecond: 10, tradesPerSecond: 2, seed: 1 },
      { venue: 'okx', markets: 10, bookUpdatesPerSecond: 8, tradesPerSecond: 2, seed: 1 },
    ]);
    expect(parseSyntheticSpecs('')).toEqual([]);
  });

  it.each([
    ['nasdaq:markets=1', '"nasdaq" is not a venue'],
    ['okx;okx', 'okx is listed twice'],
    ['okx:markets=0', 'markets must be an integer'],
    ['okx:depth=5', 'expected markets|bookRate|tradeRate|seed'],
    ['okx:bookRate=-1', 'expected markets|bookRate|tradeRate|seed'],
  ])('rejects %j', (text, message) => {
    expect(() => parseSyntheticSpecs(text)).toThrow(message);
  });
});
