import { MarketBooks } from './market-books.store';

const update = (venue: 'kraken' | 'okx', symbol: string, price: string) => ({
  venue,
  symbol,
  type: 'book_delta' as const,
  exchangeTimeUs: 1,
  payload: { bids: [[price, '1'] as [string, string]], asks: [] },
});

describe('MarketBooks', () => {
  it('keeps one book per market id venue:symbol, created on first use', () => {
    const books = new MarketBooks();
    books.apply(update('kraken', 'XBT/USD', '1'));
    books.apply(update('kraken', 'XBT/USD', '2'));
    const okx = books.apply(update('okx', 'BTC-USDT', '3'));
    expect(books.size).toBe(2);
    expect([...books.marketIds()].sort()).toEqual(['kraken:XBT/USD', 'okx:BTC-USDT']);
    expect(books.get('kraken:XBT/USD')?.levelCount()).toBe(2);
    expect(books.get('okx:BTC-USDT')).toBe(okx);
    expect(books.has('okx:ETH-USDT')).toBe(false);
    expect([...books].map(([id, book]) => `${id}=${book.levelCount()}`).sort()).toEqual([
      'kraken:XBT/USD=2',
      'okx:BTC-USDT=1',
    ]);
  });

  it('uses a given market id (the Kafka key) instead of building one', () => {
    const books = new MarketBooks();
    books.apply(update('okx', 'BTC-USDT', '3'), 'custom-key');
    expect([...books.marketIds()]).toEqual(['custom-key']);
  });

  it('creates books with options per market and forgets deleted ones', () => {
    const books = new MarketBooks({
      bookOptions: (id) => (id.startsWith('kraken:') ? { maxDepth: 1 } : {}),
    });
    books.apply(update('kraken', 'XBT/USD', '1'));
    books.apply(update('kraken', 'XBT/USD', '2'));
    books.apply(update('okx', 'BTC-USDT', '1'));
    books.apply(update('okx', 'BTC-USDT', '2'));
    expect(books.get('kraken:XBT/USD')?.levels('bids')).toEqual([['2', '1']]);
    expect(books.get('okx:BTC-USDT')?.levelCount()).toBe(2);
    expect(books.delete('okx:BTC-USDT')).toBe(true);
    expect(books.getOrCreate('okx:BTC-USDT').isEmpty).toBe(true);
    books.clear();
    expect(books.size).toBe(0);
  });
});
