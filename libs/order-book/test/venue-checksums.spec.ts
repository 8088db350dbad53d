import { krakenChecksum, MarketBooks, okxChecksum, OrderBook, venueChecksum } from '../src';
import { krakenBookEvents, okxBookEvents } from './venue-capture.util';

// The venues' own checksums are the oracle: replaying each capture through the engine must
// reproduce every checksum the venue sent, which holds only if every level, its order and its
// exact text are right after every message.

describe('checksums recomputed from the captures', () => {
  it.each([
    ['unlimited depth', undefined],
    ['capped at the subscribed 1000 levels', 1000],
  ])('Kraken: every update checksum of KRAKEN.ws.50.0 matches (%s)', (_label, maxDepth) => {
    const books = new MarketBooks({ bookOptions: { maxDepth } });
    const mismatches: string[] = [];
    let verified = 0;
    for (const event of krakenBookEvents()) {
      const book = books.apply(event);
      if (event.checksum === undefined) continue;
      const computed = venueChecksum('kraken', book);
      if (computed === book.lastChecksum) verified++;
      else mismatches.push(`${event.symbol}: expected ${event.checksum}, computed ${computed}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(verified).toBe(4269);
    expect(books.size).toBe(10);
  });

  it('OKX: every books checksum of OKX.ws.1.0 matches', () => {
    const books = new MarketBooks();
    const mismatches: string[] = [];
    let verified = 0;
    for (const event of okxBookEvents()) {
      const book = books.apply(event);
      const computed = okxChecksum(book);
      if (computed === event.checksum) verified++;
      else mismatches.push(`${event.symbol}: expected ${event.checksum}, computed ${computed}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(verified).toBe(290);
    expect(books.size).toBe(3);
  });

  it('a one-unit change in one top level changes both checksums', () => {
    const [snapshot] = okxBookEvents();
    const book = new OrderBook();
    book.applyEnvelope(snapshot as NonNullable<typeof snapshot>);
    const okx = okxChecksum(book);
    const kraken = krakenChecksum(book);
    const size = book.sizeTextAt('bids', 3) as string;
    book.applyDelta({ bids: [[book.priceTextAt('bids', 3) as string, `${size}1`]], asks: [] });
    expect(okxChecksum(book)).not.toBe(okx);
    expect(krakenChecksum(book)).not.toBe(kraken);
  });

  it('a level beyond the checksum depth does not change the checksums', () => {
    const [snapshot] = okxBookEvents();
    const book = new OrderBook();
    book.applyEnvelope(snapshot as NonNullable<typeof snapshot>);
    expect(book.levelCount('asks')).toBeGreaterThan(30);
    const okx = okxChecksum(book);
    const kraken = krakenChecksum(book);
    book.applyDelta({ bids: [], asks: [[book.priceTextAt('asks', 30) as string, '0']] });
    expect(okxChecksum(book)).toBe(okx);
    expect(krakenChecksum(book)).toBe(kraken);
  });

  it('venues without a checksum give undefined', () => {
    expect(venueChecksum('binance', new OrderBook())).toBeUndefined();
    expect(venueChecksum('coinbase', new OrderBook())).toBeUndefined();
  });
});
