import { delta, snapshot } from '../../test/envelopes.util';
import { BYBIT_SEQUENCE_RULE } from '../bybit/bybit.adapter';
import { krakenChecksum } from '../kraken/kraken-checksum.util';
import { OKX_SEQUENCE_RULE } from '../okx/okx.adapter';
import { okxChecksum } from '../okx/okx-checksum.util';
import { L2Book } from '../book/l2-book.model';
import { StreamBookSync } from './stream-book-sync.machine';
import type { SyncDecision } from './venue-adapter.interface';

const summary = (decisions: SyncDecision[]) =>
  decisions.map((d) =>
    d.action === 'drop' || d.action === 'resync' ? `${d.action}:${d.reason}` : d.action,
  );

describe('StreamBookSync without rules (Coinbase level2)', () => {
  it('drops deltas before the snapshot, then applies everything', () => {
    const sync = new StreamBookSync('coinbase', 'SKL-BTC', {});
    expect(sync.handle(delta('coinbase', {}))).toEqual([
      expect.objectContaining({
        action: 'drop',
        reason: 'awaiting_snapshot',
        detail: 'coinbase SKL-BTC: delta before the book snapshot',
      }),
    ]);
    expect(summary(sync.handle(snapshot('coinbase', {})))).toEqual(['apply']);
    expect(summary(sync.handle(delta('coinbase', {})))).toEqual(['apply']);
    expect(sync.book).toBeUndefined();
  });
});

describe('StreamBookSync with the Bybit u rule', () => {
  const make = () => new StreamBookSync('bybit', 'BTCUSDT', { sequence: BYBIT_SEQUENCE_RULE });

  it('applies u == previous u + 1 and drops repeats', () => {
    const sync = make();
    sync.handle(snapshot('bybit', { lastUpdateId: 20_683_568, seqId: 10_916_156_551 }));
    expect(
      summary(sync.handle(delta('bybit', { lastUpdateId: 20_683_569, seqId: 10_916_156_553 }))),
    ).toEqual(['apply']);
    expect(summary(sync.handle(delta('bybit', { lastUpdateId: 20_683_569 })))).toEqual([
      'drop:stale',
    ]);
  });

  it('resubscribes on a gap, naming the missing update ids', () => {
    const sync = make();
    sync.handle(snapshot('bybit', { lastUpdateId: 100 }));
    const [decision] = sync.handle(delta('bybit', { lastUpdateId: 104 }));
    expect(decision).toMatchObject({
      action: 'resync',
      reason: 'gap',
      method: 'resubscribe',
      expected: 101,
      received: 104,
      missing: { from: 101, to: 103 },
    });
    expect(sync.status).toBe('awaiting_snapshot');
    expect(summary(sync.handle(delta('bybit', { lastUpdateId: 105 })))).toEqual([
      'drop:awaiting_snapshot',
    ]);
  });

  it('lets every snapshot reset the book, including u = 1 after a service restart', () => {
    const sync = make();
    sync.handle(snapshot('bybit', { lastUpdateId: 500 }));
    expect(summary(sync.handle(snapshot('bybit', { lastUpdateId: 1 })))).toEqual(['apply']);
    expect(summary(sync.handle(delta('bybit', { lastUpdateId: 2 })))).toEqual(['apply']);
  });
});

describe('StreamBookSync with the OKX seqId/prevSeqId rule and checksum', () => {
  const book = (bids: [string, string][], asks: [string, string][]) => {
    const b = new L2Book();
    b.replace(bids, asks);
    return okxChecksum(b);
  };
  const bids: [string, string][] = [['30182.6', '452']];
  const asks: [string, string][] = [
    ['30249.4', '3'],
    ['30261', '4'],
  ];
  const make = () =>
    new StreamBookSync('okx', 'BTC-USDT', {
      sequence: OKX_SEQUENCE_RULE,
      checksum: { compute: okxChecksum, ignores: (sent) => sent === 0 },
    });

  it('chains prevSeqId to the last seqId (which need not step by one) and verifies checksums', () => {
    const sync = make();
    const first = sync.handle(
      snapshot('okx', { seqId: 123_456, prevId: -1, checksum: book(bids, asks) }, bids, asks, 400),
    );
    expect(first).toEqual([expect.objectContaining({ action: 'apply', checksumVerified: true })]);
    const next = sync.handle(
      delta(
        'okx',
        { seqId: 123_470, prevId: 123_456, checksum: book(bids, [['30261', '4']]) },
        [],
        [['30249.4', '0']],
      ),
    );
    expect(next).toEqual([expect.objectContaining({ action: 'apply', checksumVerified: true })]);
    // A message with no change (seqId == prevSeqId) keeps the chain.
    expect(summary(sync.handle(delta('okx', { seqId: 123_470, prevId: 123_470 }, [], [])))).toEqual(
      ['apply'],
    );
  });

  it('resubscribes when prevSeqId breaks the chain, and drops a replayed message', () => {
    const sync = make();
    sync.handle(snapshot('okx', { seqId: 10, prevId: -1 }, bids, asks));
    sync.handle(delta('okx', { seqId: 15, prevId: 10 }, [], []));
    expect(summary(sync.handle(delta('okx', { seqId: 12, prevId: 8 }, [], [])))).toEqual([
      'drop:stale',
    ]);
    const [gap] = sync.handle(delta('okx', { seqId: 30, prevId: 20 }, [], []));
    expect(gap).toMatchObject({
      action: 'resync',
      reason: 'gap',
      expected: 15,
      received: 20,
      method: 'resubscribe',
    });
    expect(gap).not.toHaveProperty('missing');
  });

  it('resubscribes on a checksum mismatch and names both values', () => {
    const sync = make();
    sync.handle(snapshot('okx', { checksum: book(bids, asks) }, bids, asks));
    const [decision] = sync.handle(delta('okx', { checksum: 12345 }, [['30182.6', '1']], []));
    const expected = book([['30182.6', '1']], asks);
    expect(decision).toMatchObject({
      action: 'resync',
      reason: 'checksum_mismatch',
      expected: 12345,
      received: expected,
    });
    expect(sync.status).toBe('awaiting_snapshot');
  });

  it('ignores the zero checksum OKX sends after its deprecation', () => {
    const sync = make();
    sync.handle(snapshot('okx', { checksum: 0 }, bids, asks));
    expect(sync.handle(delta('okx', { checksum: 0 }))).toEqual([
      expect.objectContaining({ action: 'apply', checksumVerified: false }),
    ]);
  });

  it('rejects a snapshot whose checksum does not match', () => {
    const sync = make();
    expect(summary(sync.handle(snapshot('okx', { checksum: 1 }, bids, asks)))).toEqual([
      'resync:checksum_mismatch',
    ]);
  });
});

describe('StreamBookSync with the Kraken checksum', () => {
  it('truncates the book to the subscribed depth before checksumming', () => {
    const sync = new StreamBookSync('kraken', 'XBT/USD', {
      checksum: { compute: krakenChecksum },
      truncateToSnapshotDepth: true,
    });
    const bids: [string, string][] = Array.from({ length: 10 }, (_, i) => [`${100 - i}.0`, '1.0']);
    const asks: [string, string][] = Array.from({ length: 10 }, (_, i) => [`${101 + i}.0`, '1.0']);
    sync.handle(snapshot('kraken', {}, bids, asks, 10));
    // A new best bid pushes the worst one out of a depth-10 book.
    const expected = new L2Book();
    expected.replace([['100.5', '2.0'], ...bids.slice(0, 9)], asks);
    const [decision] = sync.handle(
      delta('kraken', { checksum: krakenChecksum(expected) }, [['100.5', '2.0']], []),
    );
    expect(decision).toMatchObject({ action: 'apply', checksumVerified: true });
    expect(sync.book?.bids.size).toBe(10);
  });
});
