import { formatMarketId, parseMarketId } from './market-id.util';
import { formatMarket, isSymbol, marketSchema, parseMarket, symbolSchema } from './market.schema';

describe('symbols and markets', () => {
  it.each([
    'BTCUSDT',
    'BTC-USD',
    'XBT/USD',
    'btcusd',
    'BTC-USDT',
    'BTC-USD-220527',
    'UNI-USD-SWAP',
  ])('accepts the native symbol %j', (symbol) => expect(symbolSchema.parse(symbol)).toBe(symbol));

  it.each([
    ['BTC:USD', 'expected a venue-native symbol (1-40 of A-Z a-z 0-9 / _ . -), got "BTC:USD"'],
    ['BTC USD', 'expected a venue-native symbol (1-40 of A-Z a-z 0-9 / _ . -), got "BTC USD"'],
    ['', 'expected a venue-native symbol (1-40 of A-Z a-z 0-9 / _ . -), got ""'],
    ['/BTC', 'expected a venue-native symbol (1-40 of A-Z a-z 0-9 / _ . -), got "/BTC"'],
  ])('rejects the native symbol %j', (symbol, message) => {
    expect(symbolSchema.safeParse(symbol).error?.issues[0]?.message).toBe(message);
  });

  it.each(['BTC-USDT', 'XBT-USD', 'SKL-BTC', 'BTC-USD-220527', '1INCH-USDT'])(
    'accepts the market %j',
    (market) => expect(marketSchema.parse(market)).toBe(market),
  );

  it.each(['btc-usdt', 'BTCUSDT', 'XBT/USD', 'BTC_USDT', 'BTC-', 'A-B-C-D'])(
    'rejects the market %j',
    (market) => {
      expect(marketSchema.safeParse(market).error?.issues[0]?.message).toBe(
        `expected a market like "BTC-USDT" (upper-case BASE-QUOTE[-CONTRACT]), got ${JSON.stringify(market)}`,
      );
    },
  );

  it('splits and joins markets', () => {
    expect(parseMarket('BTC-USDT')).toEqual({ base: 'BTC', quote: 'USDT' });
    expect(parseMarket('UNI-USD-SWAP')).toEqual({ base: 'UNI', quote: 'USD', contract: 'SWAP' });
    expect(formatMarket({ base: 'eth', quote: 'usd' })).toBe('ETH-USD');
    expect(() => parseMarket('eth/usd')).toThrow(
      'Invalid market: expected a market like "BTC-USDT" (upper-case BASE-QUOTE[-CONTRACT]), got "eth/usd"',
    );
    expect(() => formatMarket({ base: 'ETH', quote: 'U_SD' })).toThrow('Invalid market parts');
  });
});

describe('market ids (Kafka keys)', () => {
  it('formats and parses venue:symbol, keeping the native symbol', () => {
    expect(formatMarketId('kraken', 'XBT/USD')).toBe('kraken:XBT/USD');
    expect(parseMarketId('kraken:XBT/USD')).toEqual({ venue: 'kraken', symbol: 'XBT/USD' });
    expect(parseMarketId('bitstamp:btcusd')).toEqual({ venue: 'bitstamp', symbol: 'btcusd' });
  });

  it('round-trips every venue with typical symbols', () => {
    for (const [venue, symbol] of [
      ['binance', 'BTCUSDT'],
      ['coinbase', 'BTC-USD'],
      ['kraken', 'XBT/USD'],
      ['bitstamp', 'btcusd'],
      ['okx', 'BTC-USDT'],
      ['bybit', 'BTCUSDT'],
    ] as const) {
      expect(parseMarketId(formatMarketId(venue, symbol))).toEqual({ venue, symbol });
    }
    expect(isSymbol('BTC:USD')).toBe(false);
  });

  it('rejects bad ids precisely', () => {
    expect(() => parseMarketId('BTCUSDT')).toThrow(
      'Invalid market id "BTCUSDT": expected "venue:symbol"',
    );
    expect(() => parseMarketId('ftx:BTC-PERP')).toThrow(
      'Invalid market id "ftx:BTC-PERP": unknown venue "ftx" (known: binance, coinbase, kraken, bitstamp, okx, bybit)',
    );
    expect(() => parseMarketId('binance:BTC:USDT')).toThrow(
      'Invalid market id "binance:BTC:USDT": bad symbol "BTC:USDT" (1-40 of A-Z a-z 0-9 / _ . -)',
    );
    expect(() => formatMarketId('binance', 'BTC USDT')).toThrow(
      'Invalid market id: bad symbol "BTC USDT" for venue binance',
    );
  });
});
