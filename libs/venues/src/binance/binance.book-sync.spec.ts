import { delta, snapshot } from '../../test/envelopes.util';
import type { SyncDecision } from '../core/venue-adapter.interface';
import { BinanceBookSync } from './binance.book-sync';

const diff = (first: number, last: number) =>
  delta('binance', { firstUpdateId: first, lastUpdateId: last });
const snap = (lastUpdateId: number) => snapshot('binance', { lastUpdateId });
const actions = (decisions: SyncDecision[]) =>
  decisions.map((d) =>
    d.action === 'drop' || d.action === 'resync'
      ? `${d.action}:${d.reason}:${d.event.type === 'book_snapshot' ? 'S' : d.event.lastUpdateId}`
      : d.action === 'buffer'
        ? `buffer:${d.event.lastUpdateId}${d.requestSnapshot ? ':request' : ''}`
        : `apply:${d.event.type === 'book_snapshot' ? 'S' : d.event.lastUpdateId}`,
  );

describe('BinanceBookSync', () => {
  it('buffers diffs until the snapshot and asks for it once', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    expect(actions(sync.handle(diff(10, 12)))).toEqual(['buffer:12:request']);
    expect(actions(sync.handle(diff(13, 14)))).toEqual(['buffer:14']);
    expect(sync.status).toBe('awaiting_snapshot');
  });

  it('drops diffs with u <= lastUpdateId, applies the first with U <= lastUpdateId+1 <= u, then chains', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    sync.handle(diff(10, 12));
    sync.handle(diff(13, 14));
    sync.handle(diff(15, 17));
    // The snapshot sits inside the third diff: 13..14 is older, 15..17 straddles 16.
    expect(actions(sync.handle(snap(15)))).toEqual([
      'apply:S',
      'drop:stale:12',
      'drop:stale:14',
      'apply:17',
    ]);
    expect(sync.status).toBe('synced');
    expect(actions(sync.handle(diff(18, 20)))).toEqual(['apply:20']);
    // Diffs arriving after the snapshot follow the same rule.
    expect(actions(sync.handle(diff(19, 20)))).toEqual(['drop:stale:20']);
  });

  it('restarts when the first diff after the snapshot does not cover lastUpdateId+1', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    sync.handle(diff(5, 7));
    sync.handle(diff(10, 12));
    const decisions = sync.handle(snap(8));
    expect(actions(decisions)).toEqual(['apply:S', 'drop:stale:7', 'resync:gap:12']);
    expect(decisions[2]).toMatchObject({
      method: 'rest_snapshot',
      expected: 9,
      received: 10,
      missing: { from: 9, to: 9 },
      detail: 'binance BTCUSDT: U=10 but the next update id is 9',
    });
    expect(sync.status).toBe('awaiting_snapshot');
  });

  it('reports a gap with the exact missing ids and keeps the diff for the next sync', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    sync.handle(diff(10, 12));
    sync.handle(snap(11));
    const decisions = sync.handle(diff(16, 18));
    expect(actions(decisions)).toEqual(['resync:gap:18']);
    expect(decisions[0]).toMatchObject({
      expected: 13,
      received: 16,
      missing: { from: 13, to: 15 },
    });
    // The next diff waits with the one that revealed the gap; the new snapshot picks them up.
    expect(actions(sync.handle(diff(19, 19)))).toEqual(['buffer:19']);
    expect(actions(sync.handle(snap(17)))).toEqual(['apply:S', 'apply:18', 'apply:19']);
  });

  it('refetches a snapshot older than the first buffered diff, keeping the buffer', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    sync.handle(diff(100, 105));
    const decisions = sync.handle(snap(90));
    expect(actions(decisions)).toEqual(['resync:snapshot_too_old:S']);
    expect(decisions[0]).toMatchObject({ method: 'rest_snapshot', expected: 99, received: 90 });
    expect(sync.status).toBe('awaiting_snapshot');
    expect(actions(sync.handle(snap(101)))).toEqual(['apply:S', 'apply:105']);
  });

  it('accepts a snapshot that arrives before any diff', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    expect(actions(sync.handle(snap(50)))).toEqual(['apply:S']);
    expect(actions(sync.handle(diff(45, 50)))).toEqual(['drop:stale:50']);
    expect(actions(sync.handle(diff(48, 53)))).toEqual(['apply:53']);
  });

  it('takes a newer periodic snapshot while synced and drops an older one', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    sync.handle(snap(50));
    sync.handle(diff(51, 60));
    expect(actions(sync.handle(snap(55)))).toEqual(['drop:stale:S']);
    expect(actions(sync.handle(snap(70)))).toEqual(['apply:S']);
    expect(actions(sync.handle(diff(61, 70)))).toEqual(['drop:stale:70']);
    expect(actions(sync.handle(diff(71, 72)))).toEqual(['apply:72']);
  });

  it('restarts inside the buffer when buffered diffs themselves have a gap', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    sync.handle(diff(10, 12));
    sync.handle(diff(20, 22));
    sync.handle(diff(23, 24));
    expect(actions(sync.handle(snap(11)))).toEqual([
      'apply:S',
      'apply:12',
      'resync:gap:22',
      'buffer:24',
    ]);
    expect(actions(sync.handle(snap(21)))).toEqual(['apply:S', 'apply:22', 'apply:24']);
  });

  it('lets the oldest diff go when the buffer overflows', () => {
    const sync = new BinanceBookSync('BTCUSDT', 2);
    sync.handle(diff(1, 1));
    sync.handle(diff(2, 2));
    expect(actions(sync.handle(diff(3, 3)))).toEqual(['drop:buffer_overflow:1', 'buffer:3']);
  });

  it('starts over on reset', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    sync.handle(snap(5));
    sync.reset();
    expect(sync.status).toBe('awaiting_snapshot');
    expect(actions(sync.handle(diff(10, 11)))).toEqual(['buffer:11:request']);
  });

  it('refuses envelopes without Binance update ids (a wiring mistake)', () => {
    const sync = new BinanceBookSync('BTCUSDT');
    expect(() => sync.handle(delta('binance', {}))).toThrow(
      'firstUpdateId (U) and lastUpdateId (u)',
    );
    expect(() => sync.handle(snapshot('binance', {}))).toThrow('needs lastUpdateId');
  });
});
