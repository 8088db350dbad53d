import {
  krakenChecksum as venuesKrakenChecksum,
  L2Book,
  okxChecksum as venuesOkxChecksum,
} from '@tickline/venues';

import { krakenChecksum, okxChecksum } from './book-checksum.util';
import { BookSide } from './book-side';
import { BookState, diffBooks, zeroLike } from './book-state';

describe('BookSide', () => {
  it('keeps levels sorted best first, one per numeric price, with the latest text', () => {
    const bids = new BookSide('bid');
    bids.apply({ price: '0.35200000', size: '1' });
    bids.apply({ price: '0.35210000', size: '2' });
    bids.apply({ price: '0.3520', size: '3' });
    expect(bids.top().map((level) => [level.price, level.size])).toEqual([
      ['0.35210000', '2'],
      ['0.3520', '3'],
    ]);
    bids.apply({ price: '0.352', size: '0.00000000' });
    expect(bids.length).toBe(1);
    const asks = new BookSide('ask');
    for (const price of ['3', '1', '2']) asks.apply({ price, size: '1' });
    expect(asks.top(2).map((level) => level.price)).toEqual(['1', '2']);
    expect(asks.bestPrice()).toBe(1);
    asks.truncate(1);
    expect(asks.length).toBe(1);
  });

  it('diffs two books into the changes that turn one into the other', () => {
    const from = new BookState();
    const to = new BookState();
    from.bids.apply({ price: '10', size: '1.00' });
    from.bids.apply({ price: '9', size: '2.00' });
    to.bids.apply({ price: '10', size: '1.50' });
    to.bids.apply({ price: '8', size: '3.00' });
    const changes = diffBooks(from, to);
    expect(changes.bids).toEqual([
      { price: '9', size: '0.00' },
      { price: '10', size: '1.50' },
      { price: '8', size: '3.00' },
    ]);
    for (const level of changes.bids) from.bids.apply(level);
    expect(from.bids.top()).toEqual(to.bids.top());
    expect(zeroLike('1.50000000')).toBe('0.00000000');
    expect(zeroLike('17')).toBe('0');
  });
});

describe('checksums', () => {
  it('agree with the venue adapters on the same book', () => {
    const state = new BookState();
    const book = new L2Book();
    const bids: [string, string][] = [];
    const asks: [string, string][] = [];
    for (let i = 0; i < 30; i += 1) {
      bids.push([(100 - i * 0.5).toFixed(5), (0.001 * (i + 1)).toFixed(8)]);
      asks.push([(101 + i * 0.25).toFixed(5), (i + 1).toFixed(8)]);
    }
    for (const [price, size] of bids) state.bids.apply({ price, size });
    for (const [price, size] of asks) state.asks.apply({ price, size });
    book.replace(bids, asks);
    expect(krakenChecksum(state)).toBe(String(venuesKrakenChecksum(book)));
    expect(okxChecksum(state)).toBe(venuesOkxChecksum(book));
  });
});
