import { bookDeltaEnvelopeSchema } from '@tickline/domain';

import { DepthView } from './depth-view.model';
import { InvalidLevelError } from './invalid-level.error';
import { OrderBook } from './order-book.model';

// The OKX update quoted in docs/domain.md, as a validated envelope.
const okxDelta = bookDeltaEnvelopeSchema.parse({
  v: 1,
  venue: 'okx',
  symbol: 'BTC-USD-220527',
  market: 'BTC-USD-220527',
  type: 'book_delta',
  exchangeTimeUs: 1_652_459_225_464_000,
  receiveTimeUs: 1_652_459_225_708_481,
  checksum: -914_047_754,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: {
    bids: [['30182.6', '452']],
    asks: [
      ['30249.4', '0'],
      ['30261', '4'],
      ['30310.3', '19'],
    ],
  },
});

function bookOf(bids: [string, string][], asks: [string, string][]): OrderBook {
  const book = new OrderBook();
  book.applySnapshot({ bids, asks });
  return book;
}

describe('OrderBook', () => {
  describe('snapshots and deltas', () => {
    it('orders levels best first whatever the input order, keeping the exact text', () => {
      const book = bookOf(
        [
          ['0.35130000', '6195.00000000'],
          ['0.35210000', '672.00000000'],
          ['0.35200000', '1144.00000000'],
        ],
        [
          ['0.35290000', '10968.00000000'],
          ['0.35220000', '1.00000000'],
        ],
      );
      expect(book.levels('bids')).toEqual([
        ['0.35210000', '672.00000000'],
        ['0.35200000', '1144.00000000'],
        ['0.35130000', '6195.00000000'],
      ]);
      expect(book.levels('asks')).toEqual([
        ['0.35220000', '1.00000000'],
        ['0.35290000', '10968.00000000'],
      ]);
      expect(book.levelCount()).toBe(5);
      expect(book.levelCount('asks')).toBe(2);
    });

    it('replaces the whole book on a snapshot', () => {
      const book = bookOf([['10', '1']], [['11', '1']]);
      book.applySnapshot({ bids: [['9', '2']], asks: [] });
      expect(book.toSnapshotPayload()).toEqual({ bids: [['9', '2']], asks: [] });
      expect(book.snapshotCount).toBe(2);
    });

    it('applies absolute sizes: insert, change, remove; a missing removal is counted', () => {
      const book = bookOf([['10', '1']], [['11', '1']]);
      book.applyDelta({
        bids: [
          ['10', '3'],
          ['9.5', '2'],
          ['8', '0'],
        ],
        asks: [['11', '0.000']],
      });
      expect(book.levels('bids')).toEqual([
        ['10', '3'],
        ['9.5', '2'],
      ]);
      expect(book.levels('asks')).toEqual([]);
      expect(book.missingRemovalCount).toBe(1);
      expect(book.levelUpdateCount).toBe(4);
      expect(book.messageCount).toBe(2);
    });

    it('applies the levels of one message in array order', () => {
      const book = new OrderBook();
      book.applyDelta({
        bids: [
          ['10', '1'],
          ['10', '0'],
          ['10', '2'],
        ],
        asks: [],
      });
      expect(book.levels('bids')).toEqual([['10', '2']]);
    });

    it('treats spellings of one value as one level and keeps the latest spelling', () => {
      const book = new OrderBook();
      book.applyDelta({ bids: [['100.5', '1']], asks: [] });
      book.applyDelta({ bids: [['100.50', '2']], asks: [] });
      expect(book.levels('bids')).toEqual([['100.50', '2']]);
      book.applyDelta({ bids: [['100.500', '0']], asks: [] });
      expect(book.isEmpty).toBe(true);
    });

    it('rejects a message with a bad level without changing anything', () => {
      const book = bookOf([['10', '1']], [['11', '1']]);
      const bad = () =>
        book.applyDelta({
          bids: [['9', '1']],
          asks: [
            ['12', '1'],
            ['13', '1e-8'],
          ],
        });
      expect(bad).toThrow(InvalidLevelError);
      expect(bad).toThrow('Invalid book level asks[1]: size "1e-8" is not a plain decimal');
      expect(() => book.applySnapshot({ bids: [['-1', '1']], asks: [] })).toThrow(
        'Invalid book level bids[0]: price "-1" is not a plain decimal',
      );
      expect(book.toSnapshotPayload()).toEqual({ bids: [['10', '1']], asks: [['11', '1']] });
      expect(book.messageCount).toBe(1);
    });

    it('keeps at most maxDepth levels per side, dropping the worst', () => {
      const book = new OrderBook({ maxDepth: 2 });
      book.applySnapshot({
        bids: [
          ['10', '1'],
          ['9', '1'],
          ['8', '1'],
        ],
        asks: [
          ['11', '1'],
          ['12', '1'],
        ],
      });
      book.applyDelta({ bids: [['10.5', '1']], asks: [['10.8', '1']] });
      expect(book.toSnapshotPayload()).toEqual({
        bids: [
          ['10.5', '1'],
          ['10', '1'],
        ],
        asks: [
          ['10.8', '1'],
          ['11', '1'],
        ],
      });
      expect(() => new OrderBook({ maxDepth: 0 })).toThrow(RangeError);
    });

    it('clears levels and sequence bookkeeping', () => {
      const book = new OrderBook();
      book.applyEnvelope(okxDelta);
      book.clear();
      expect(book.isEmpty).toBe(true);
      expect(book.lastChecksum).toBeUndefined();
      expect(book.messageCount).toBe(1);
    });
  });

  describe('envelopes', () => {
    it('records the sequence fields and times of the last envelope', () => {
      const book = new OrderBook();
      book.applyEnvelope(okxDelta);
      expect(book.lastChecksum).toBe(-914_047_754);
      expect(book.lastExchangeTimeUs).toBe(1_652_459_225_464_000);
      expect(book.lastReceiveTimeUs).toBe(1_652_459_225_708_481);
      expect(book.lastSeqId).toBeUndefined();
      expect(book.missingRemovalCount).toBe(1);
      expect(book.levels('asks')).toEqual([
        ['30261', '4'],
        ['30310.3', '19'],
      ]);

      book.applyEnvelope({
        type: 'book_delta',
        exchangeTimeUs: 2,
        firstUpdateId: 499_869_753,
        lastUpdateId: 499_869_754,
        payload: { bids: [['30182.6', '0']], asks: [] },
      });
      expect(book.lastFirstUpdateId).toBe(499_869_753);
      expect(book.lastUpdateId).toBe(499_869_754);
      expect(book.lastChecksum).toBeUndefined();
      expect(book.lastReceiveTimeUs).toBeUndefined();
      expect(book.levelCount('bids')).toBe(0);
    });

    it('applies a book_snapshot envelope as a replacement', () => {
      const book = bookOf([['1', '1']], []);
      book.applyEnvelope({
        type: 'book_snapshot',
        exchangeTimeUs: 1,
        seqId: 7,
        prevId: -1,
        payload: { bids: [['2', '1']], asks: [['3', '1']] },
      });
      expect(book.toSnapshotPayload()).toEqual({ bids: [['2', '1']], asks: [['3', '1']] });
      expect([book.lastSeqId, book.lastPrevId]).toEqual([7, -1]);
    });
  });

  describe('reads', () => {
    const book = bookOf(
      [
        ['30182.6', '452'],
        ['30180', '3'],
        ['30175.25', '8'],
      ],
      [
        ['30249.4', '2'],
        ['30261', '4'],
      ],
    );

    it('gives best levels, spread and mid', () => {
      expect(book.bestBid()).toEqual(['30182.6', '452']);
      expect(book.bestAsk()).toEqual(['30249.4', '2']);
      expect(book.bestBidPrice()).toBe(30182.6);
      expect(book.bestAskPrice()).toBe(30249.4);
      expect(book.spreadText()).toBe('66.8');
      expect(book.spread()).toBeCloseTo(66.8, 9);
      expect(book.midPrice()).toBeCloseTo(30216, 9);
      expect(book.isCrossed()).toBe(false);
    });

    it('has nothing best on an empty book', () => {
      const empty = new OrderBook();
      expect([empty.bestBid(), empty.bestAskPrice(), empty.spread(), empty.spreadText()]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(empty.midPrice()).toBeUndefined();
      expect(empty.isCrossed()).toBe(false);
    });

    it('reads levels by rank', () => {
      expect(book.priceAt('bids', 2)).toBe(30175.25);
      expect(book.priceTextAt('bids', 2)).toBe('30175.25');
      expect(book.sizeTextAt('asks', 1)).toBe('4');
      expect(book.levelAt('asks', 1)).toEqual(['30261', '4']);
      expect(book.priceTextAt('asks', 2)).toBeUndefined();
      expect(book.levelAt('bids', -1)).toBeUndefined();
      expect(() => book.levelCount('both' as 'bids')).toThrow('Unknown book side "both"');
    });

    it('iterates best first and stops when the visitor says so', () => {
      const seen: string[] = [];
      book.forEachLevel('bids', (price, size, rank) => {
        seen.push(`${rank}:${price}x${size}`);
      });
      expect(seen).toEqual(['0:30182.6x452', '1:30180x3', '2:30175.25x8']);
      const firstTwo: string[] = [];
      book.forEachLevel('bids', (price) => firstTwo.push(price) < 2);
      expect(firstTwo).toEqual(['30182.6', '30180']);
      const limited: string[] = [];
      book.forEachLevel('asks', (price) => void limited.push(price), 1);
      expect(limited).toEqual(['30249.4']);
    });

    it('fills a depth view without allocating new arrays', () => {
      const view = new DepthView(2);
      const bidPrices = view.bidPrices;
      book.readDepth(view);
      expect(view.bidCount).toBe(2);
      expect(view.bidPrices).toBe(bidPrices);
      expect(view.bidPrices).toEqual(['30182.6', '30180']);
      expect(view.askSizes).toEqual(['2', '4']);
      expect([...view.bidPriceValues]).toEqual([30182.6, 30180]);
      book.readDepth(view, 1);
      expect([view.bidCount, view.askCount]).toEqual([1, 1]);
      expect(() => new DepthView(0)).toThrow(RangeError);
    });

    it('exports the top N as a snapshot payload that rebuilds the book', () => {
      expect(book.toSnapshotPayload(1)).toEqual({
        bids: [['30182.6', '452']],
        asks: [['30249.4', '2']],
      });
      const copy = new OrderBook();
      copy.applySnapshot(book.toSnapshotPayload());
      expect(copy.toSnapshotPayload()).toEqual(book.toSnapshotPayload());
    });
  });

  describe('crossed books', () => {
    it.each([
      ['10', '11', false],
      ['11', '11', true],
      ['11.0', '11', true],
      ['12', '11', true],
      ['7.000000000000000000002', '7.000000000000000000003', false],
      ['7.000000000000000000003', '7.000000000000000000002', true],
    ])('bid %s, ask %s: crossed %s', (bid, ask, crossed) => {
      const book = bookOf([[bid, '1']], [[ask, '1']]);
      expect(book.isCrossed()).toBe(crossed);
    });
  });
});
