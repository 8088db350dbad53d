import {
  bookQuerySchema,
  checkDepth,
  InvalidRequestError,
  marketListQuerySchema,
  marketRefSchema,
  parseRequest,
} from './market-request.schema';

describe('request validation', () => {
  it('accepts known venues and native symbols', () => {
    expect(parseRequest(marketRefSchema, { venue: 'kraken', symbol: 'XBT/USD' }, 'market')).toEqual(
      { venue: 'kraken', symbol: 'XBT/USD' },
    );
  });

  it('names the bad field of a market reference', () => {
    expect(() =>
      parseRequest(marketRefSchema, { venue: 'nasdaq', symbol: 'BTCUSDT' }, 'market'),
    ).toThrow(/venue/);
    expect(() =>
      parseRequest(marketRefSchema, { venue: 'binance', symbol: 'BTC USDT' }, 'market'),
    ).toThrow(InvalidRequestError);
  });

  it('reads depth as a positive integer or nothing', () => {
    expect(parseRequest(bookQuerySchema, {}, 'book request')).toEqual({ depth: undefined });
    expect(parseRequest(bookQuerySchema, { depth: '25' }, 'book request')).toEqual({ depth: 25 });
    for (const depth of ['0', '-1', '1.5', 'ten', '', '1e3', ['1', '2'], '9999999']) {
      expect(() => parseRequest(bookQuerySchema, { depth }, 'book request')).toThrow(/depth/);
    }
  });

  it('caps depth at the configured maximum', () => {
    expect(checkDepth(10, 10)).toBe(10);
    expect(checkDepth(undefined, 10)).toBeUndefined();
    expect(() => checkDepth(11, 10)).toThrow('Invalid depth: expected at most 10, got 11');
  });

  it('reads a list of market ids', () => {
    expect(
      parseRequest(marketListQuerySchema, { markets: 'binance:BTCUSDT,kraken:XBT/USD' }, 'stream'),
    ).toEqual({
      markets: [
        { venue: 'binance', symbol: 'BTCUSDT' },
        { venue: 'kraken', symbol: 'XBT/USD' },
      ],
      depth: undefined,
    });
    for (const markets of [undefined, '', 'BTCUSDT', 'nasdaq:AAPL', 'binance:']) {
      expect(() => parseRequest(marketListQuerySchema, { markets }, 'stream')).toThrow(/markets/);
    }
  });
});
