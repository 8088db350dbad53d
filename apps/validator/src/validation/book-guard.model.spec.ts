import { OrderBook, okxChecksum } from '@tickline/order-book';

import { delta, snapshot } from '../../test/envelopes.fixture';
import { BookGuard } from './book-guard.model';

function syncedGuard(): BookGuard {
  const guard = new BookGuard(100);
  guard.applySnapshot(
    snapshot('okx', 'BTC-USDT', {
      seqId: 1,
      bids: [
        ['100', '1'],
        ['99', '1'],
        ['98', '1'],
      ],
      asks: [
        ['101', '1'],
        ['102', '1'],
        ['103', '1'],
      ],
    }),
  );
  return guard;
}

describe('BookGuard', () => {
  it('is not synced until a snapshot is applied, and judges nothing before', () => {
    const guard = new BookGuard(100);
    expect(guard.synced).toBe(false);
    expect(
      guard.crossedAfter(delta('okx', 'BTC-USDT', { bids: [['500', '1']], asks: [['1', '1']] })),
    ).toBeUndefined();
    guard.applyDelta(delta('okx', 'BTC-USDT', { bids: [['500', '1']] }));
    expect(guard.levelCount()).toBe(0);
  });

  it('finds a crossed snapshot from its own levels, ignoring zero sizes', () => {
    const guard = new BookGuard(100);
    const crossed = snapshot('binance', 'BTCUSDT', {
      bids: [
        ['100', '1'],
        ['102', '1'],
      ],
      asks: [['101.5', '1']],
    });
    expect(guard.crossedSnapshot(crossed)).toEqual({ bestBid: '102', bestAsk: '101.5' });
    const touching = snapshot('binance', 'BTCUSDT', {
      bids: [['101.50', '1']],
      asks: [['101.5', '1']],
    });
    expect(guard.crossedSnapshot(touching)).toEqual({ bestBid: '101.50', bestAsk: '101.5' });
    const fine = snapshot('binance', 'BTCUSDT', {
      bids: [
        ['100', '1'],
        ['200', '0'],
      ],
      asks: [['101', '1']],
    });
    expect(guard.crossedSnapshot(fine)).toBeUndefined();
  });

  it('sees a delta that would cross the book without applying it', () => {
    const guard = syncedGuard();
    const aggressive = delta('okx', 'BTC-USDT', { bids: [['101.5', '2']] });
    expect(guard.crossedAfter(aggressive)).toEqual({ bestBid: '101.5', bestAsk: '101' });
    expect(guard.touch()).toEqual({ bestBid: '100', bestAsk: '101' });
  });

  it('accounts for levels the same delta removes or moves', () => {
    const guard = syncedGuard();
    // The best ask goes away and a bid takes its price: not crossed, since 102 is the new best ask.
    const move = delta('okx', 'BTC-USDT', { bids: [['101', '1']], asks: [['101', '0']] });
    expect(guard.crossedAfter(move)).toBeUndefined();
    // Removing the two best asks exposes 103, which a bid at 103 then crosses.
    const deep = delta('okx', 'BTC-USDT', {
      bids: [['103', '1']],
      asks: [
        ['101.0', '0'],
        ['102', '0'],
      ],
    });
    expect(guard.crossedAfter(deep)).toEqual({ bestBid: '103', bestAsk: '103' });
    // Removing the best bid lets an ask below it in: 99.5 is above the next bid, 98.5 is not.
    const inside = delta('okx', 'BTC-USDT', { bids: [['100', '0']], asks: [['99.5', '1']] });
    expect(guard.crossedAfter(inside)).toBeUndefined();
    const through = delta('okx', 'BTC-USDT', { bids: [['100', '0']], asks: [['98.5', '1']] });
    expect(guard.crossedAfter(through)).toEqual({ bestBid: '99', bestAsk: '98.5' });
  });

  it('applies deltas and snapshots, keeping at most maxDepth levels per side', () => {
    const guard = new BookGuard(2);
    guard.applySnapshot(snapshot('binance', 'BTCUSDT'));
    guard.applyDelta(
      delta('binance', 'BTCUSDT', {
        bids: [
          ['100.2', '1'],
          ['100.1', '1'],
        ],
      }),
    );
    expect(guard.touch()).toEqual({ bestBid: '100.2', bestAsk: '101.0' });
    expect(guard.levelCount()).toBe(4);
  });

  it('keeps Kraken books at the subscribed depth, as its checksum expects', () => {
    const guard = new BookGuard(100);
    guard.applySnapshot(
      snapshot('kraken', 'XBT/USD', {
        depth: 2,
        bids: [
          ['100', '1'],
          ['99', '1'],
          ['98', '1'],
        ],
        asks: [['101', '1']],
      }),
    );
    // Two bids (the third is beyond the depth) and the one ask.
    expect(guard.levelCount()).toBe(3);
  });

  it('verifies venue checksums and pauses after a mismatch', () => {
    const levels = {
      bids: [
        ['100', '1'],
        ['99', '2'],
      ] as [string, string][],
      asks: [['101', '3']] as [string, string][],
    };
    const reference = new OrderBook();
    reference.applySnapshot(levels);
    const good = okxChecksum(reference);
    const guard = new BookGuard(100);
    const first = snapshot('okx', 'BTC-USDT', { seqId: 1, ...levels, checksum: good });
    guard.applySnapshot(first);
    expect(guard.verifyChecksum(first)).toBeUndefined();
    // OKX's 0 means "no checksum" once the venue stops sending them.
    expect(guard.verifyChecksum({ ...first, checksum: 0 })).toBeUndefined();
    expect(guard.verifyChecksum({ ...first, checksum: good + 1 })).toEqual({
      sent: good + 1,
      computed: good,
    });
    expect(guard.synced).toBe(false);
  });

  it('ignores checksums of venues without a checksum rule', () => {
    const guard = syncedGuard();
    expect(guard.verifyChecksum(delta('binance', 'BTCUSDT', { checksum: 42 }))).toBeUndefined();
  });
});
