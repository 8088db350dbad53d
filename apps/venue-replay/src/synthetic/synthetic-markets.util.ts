import type { Venue } from '@tickline/domain';

import { okxStream } from '../venues/okx.codec';
import type { StreamInfo } from '../venues/venue-codec';
import { Prng } from './prng.util';

/** Well-known bases with plausible prices; markets beyond them are `S0001`, `S0002`, ... */
const KNOWN_BASES: readonly (readonly [string, number])[] = [
  ['BTC', 64_000],
  ['ETH', 3_100],
  ['SOL', 145],
  ['XRP', 0.52],
  ['ADA', 0.45],
  ['DOGE', 0.12],
  ['DOT', 6.8],
  ['LTC', 82],
  ['LINK', 14.5],
  ['AVAX', 28],
  ['ATOM', 7.9],
  ['UNI', 7.4],
  ['XLM', 0.105],
  ['ETC', 24],
  ['FIL', 4.6],
  ['NEAR', 5.2],
  ['ARB', 0.85],
  ['OP', 1.7],
  ['TRX', 0.12],
  ['BCH', 380],
];

/** How a venue spells its markets and numbers. */
export interface VenueStyle {
  readonly quote: string;
  symbol(base: string, quote: string): string;
  /** Levels per side the synthetic book keeps (the stream's depth where it has one). */
  readonly depth: number;
  /** Digits after the point in prices: `fixed` pads to this many (Binance always writes 8). */
  readonly pricePad?: number;
  readonly trimPrice: boolean;
  readonly sizeDecimals: number;
  readonly trimSize: boolean;
  streams(symbol: string, index: number): { book: StreamInfo; trades: StreamInfo[] };
}

export const VENUE_STYLES: Readonly<Record<Venue, VenueStyle>> = {
  binance: {
    quote: 'USDT',
    symbol: (base, quote) => `${base}${quote}`,
    depth: 200,
    pricePad: 8,
    trimPrice: false,
    sizeDecimals: 8,
    trimSize: false,
    streams: (symbol) => {
      const lower = symbol.toLowerCase();
      return {
        book: { key: `${lower}@depth@100ms`, symbol, channel: 'depth@100ms', kind: 'book' },
        trades: [
          { key: `${lower}@aggTrade`, symbol, channel: 'aggTrade', kind: 'trade' },
          { key: `${lower}@trade`, symbol, channel: 'trade', kind: 'trade' },
        ],
      };
    },
  },
  coinbase: {
    quote: 'USD',
    symbol: (base, quote) => `${base}-${quote}`,
    depth: 200,
    trimPrice: false,
    sizeDecimals: 8,
    trimSize: false,
    streams: (symbol) => ({
      book: { key: `level2:${symbol}`, symbol, channel: 'level2', kind: 'book' },
      trades: [{ key: `matches:${symbol}`, symbol, channel: 'matches', kind: 'trade' }],
    }),
  },
  kraken: {
    quote: 'USD',
    symbol: (base, quote) => `${base === 'BTC' ? 'XBT' : base}/${quote}`,
    depth: 100,
    trimPrice: false,
    sizeDecimals: 8,
    trimSize: false,
    streams: (symbol, index) => ({
      book: {
        key: `book-100:${symbol}`,
        symbol,
        channel: 'book',
        kind: 'book',
        channelId: 10_000 + index * 2,
        depth: 100,
      },
      trades: [
        {
          key: `trade:${symbol}`,
          symbol,
          channel: 'trade',
          kind: 'trade',
          channelId: 10_001 + index * 2,
        },
      ],
    }),
  },
  bitstamp: {
    quote: 'usd',
    symbol: (base, quote) => `${base.toLowerCase()}${quote}`,
    depth: 100,
    trimPrice: false,
    sizeDecimals: 8,
    trimSize: false,
    streams: (symbol) => ({
      book: { key: `diff_order_book_${symbol}`, symbol, channel: 'diff_order_book', kind: 'book' },
      trades: [{ key: `live_trades_${symbol}`, symbol, channel: 'live_trades', kind: 'trade' }],
    }),
  },
  okx: {
    quote: 'USDT',
    symbol: (base, quote) => `${base}-${quote}`,
    depth: 400,
    trimPrice: true,
    sizeDecimals: 6,
    trimSize: true,
    streams: (symbol) => ({
      book: okxStream('books', symbol),
      trades: [okxStream('trades', symbol)],
    }),
  },
  bybit: {
    quote: 'USDT',
    symbol: (base, quote) => `${base}${quote}`,
    // 200 is the depth the venue adapters subscribe by default.
    depth: 200,
    trimPrice: false,
    sizeDecimals: 6,
    trimSize: true,
    streams: (symbol) => ({
      book: {
        key: `orderbook.200.${symbol}`,
        symbol,
        channel: 'orderbook',
        kind: 'book',
        depth: 200,
      },
      trades: [{ key: `publicTrade.${symbol}`, symbol, channel: 'publicTrade', kind: 'trade' }],
    }),
  },
};

export interface SyntheticMarket {
  readonly index: number;
  readonly base: string;
  readonly symbol: string;
  readonly midPrice: number;
  /** Digits after the point of the tick size (a tick is 10^-priceDecimals). */
  readonly priceDecimals: number;
  /** This market's share of activity relative to the average market (mean 1). */
  readonly activity: number;
  readonly book: StreamInfo;
  readonly trades: readonly StreamInfo[];
}

/** The i-th synthetic base asset. */
export function syntheticBase(index: number): readonly [string, number | undefined] {
  const known = KNOWN_BASES[index];
  return known ?? [`S${String(index - KNOWN_BASES.length + 1).padStart(4, '0')}`, undefined];
}

/**
 * `count` markets of a venue. Activity is log-normal with mean 1, as real venues have a few busy
 * markets and a long tail of quiet ones; ticks give about five significant digits of price.
 */
export function syntheticMarkets(venue: Venue, count: number, seed: number): SyntheticMarket[] {
  const style = VENUE_STYLES[venue];
  const rng = new Prng(seed ^ 0x5eed);
  const sigma = 1;
  const markets: SyntheticMarket[] = [];
  for (let index = 0; index < count; index += 1) {
    const [base, knownPrice] = syntheticBase(index);
    const midPrice = knownPrice ?? rng.logNormal(2, 2.5);
    const magnitude = Math.floor(Math.log10(midPrice));
    const priceDecimals = Math.min(Math.max(4 - magnitude, 0), style.pricePad ?? 8);
    const symbol = style.symbol(base, style.quote);
    const { book, trades } = style.streams(symbol, index);
    markets.push({
      index,
      base,
      symbol,
      midPrice,
      priceDecimals,
      activity: rng.logNormal(Math.exp(-(sigma * sigma) / 2), sigma),
      book,
      trades,
    });
  }
  return markets;
}
