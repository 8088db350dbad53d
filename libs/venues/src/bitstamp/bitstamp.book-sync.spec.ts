import { delta, snapshot } from '../../test/envelopes.util';
import type { SyncDecision } from '../core/venue-adapter.interface';
import { BitstampBookSync } from './bitstamp.book-sync';

const diff = (us: number) => delta('bitstamp', { exchangeTimeUs: us }, [['1', '1']], [], 'ethusd');
const snap = (us: number) =>
  snapshot('bitstamp', { exchangeTimeUs: us }, undefined, undefined, undefined, 'ethusd');
const actions = (decisions: SyncDecision[]) =>
  decisions.map(
    (d) =>
      `${d.action}${d.action === 'drop' ? `:${d.reason}` : ''}:${d.event.type === 'book_snapshot' ? 'S' : d.event.exchangeTimeUs}`,
  );

describe('BitstampBookSync', () => {
  it('drops buffered diffs at or before the snapshot microtimestamp and applies the rest', () => {
    const sync = new BitstampBookSync('ethusd');
    expect(sync.handle(diff(1_641_343_691_000_001))).toEqual([
      expect.objectContaining({ action: 'buffer', requestSnapshot: true }),
    ]);
    sync.handle(diff(1_641_343_695_681_418));
    sync.handle(diff(1_641_343_695_681_419));
    expect(actions(sync.handle(snap(1_641_343_695_681_418)))).toEqual([
      'apply:S',
      'drop:stale:1641343691000001',
      'drop:stale:1641343695681418', // equal microtimestamp: already in the snapshot
      'apply:1641343695681419',
    ]);
    expect(sync.status).toBe('synced');
  });

  it('keeps dropping diffs older than the snapshot that arrive after it', () => {
    const sync = new BitstampBookSync('ethusd');
    sync.handle(snap(2_000_000_000_000_000));
    expect(actions(sync.handle(diff(1_999_999_999_999_999)))).toEqual([
      'drop:stale:1999999999999999',
    ]);
    expect(actions(sync.handle(diff(2_000_000_000_000_001)))).toEqual(['apply:2000000000000001']);
  });

  it('drops an older periodic snapshot and takes a newer one', () => {
    const sync = new BitstampBookSync('ethusd');
    sync.handle(snap(2_000_000_000_000_000));
    expect(actions(sync.handle(snap(1_999_000_000_000_000)))).toEqual(['drop:stale:S']);
    expect(actions(sync.handle(snap(2_001_000_000_000_000)))).toEqual(['apply:S']);
    expect(actions(sync.handle(diff(2_000_500_000_000_000)))).toEqual([
      'drop:stale:2000500000000000',
    ]);
  });

  it('lets the oldest diff go when the buffer overflows, and starts over on reset', () => {
    const sync = new BitstampBookSync('ethusd', 1);
    sync.handle(diff(1_000_000_000_000_001));
    expect(actions(sync.handle(diff(1_000_000_000_000_002)))).toEqual([
      'drop:buffer_overflow:1000000000000001',
      'buffer:1000000000000002',
    ]);
    sync.reset();
    expect(sync.handle(diff(1_000_000_000_000_003))[0]).toMatchObject({ requestSnapshot: true });
  });
});
