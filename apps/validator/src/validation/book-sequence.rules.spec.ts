import { delta, snapshot } from '../../test/envelopes.fixture';
import { BOOK_SEQUENCE_RULES, bookIdentity, type BookSequenceRule } from './book-sequence.rules';

function rule(venue: 'binance' | 'bybit' | 'okx'): BookSequenceRule {
  return BOOK_SEQUENCE_RULES[venue] as BookSequenceRule;
}

describe('book sequence rules', () => {
  it('have none for venues that send no book sequence', () => {
    expect(BOOK_SEQUENCE_RULES.coinbase).toBeUndefined();
    expect(BOOK_SEQUENCE_RULES.kraken).toBeUndefined();
    expect(BOOK_SEQUENCE_RULES.bitstamp).toBeUndefined();
  });

  describe('binance', () => {
    const binance = rule('binance');

    it('positions at u, snapshots at lastUpdateId', () => {
      expect(
        binance.position(delta('binance', 'BTCUSDT', { firstUpdateId: 5, lastUpdateId: 9 })),
      ).toBe(9);
      expect(binance.position(snapshot('binance', 'BTCUSDT', { lastUpdateId: 4 }))).toBe(4);
      expect(binance.position(delta('binance', 'BTCUSDT'))).toBeUndefined();
    });

    it('continues when U <= last + 1 (straddling the snapshot, or exactly next)', () => {
      const straddling = delta('binance', 'BTCUSDT', { firstUpdateId: 95, lastUpdateId: 105 });
      expect(binance.continuity(100, straddling, 105)).toBeUndefined();
      const next = delta('binance', 'BTCUSDT', { firstUpdateId: 101, lastUpdateId: 103 });
      expect(binance.continuity(100, next, 103)).toBeUndefined();
    });

    it('reports a gap from last + 1 to U', () => {
      const jump = delta('binance', 'BTCUSDT', { firstUpdateId: 104, lastUpdateId: 110 });
      expect(binance.continuity(100, jump, 110)).toEqual({
        expected: 101,
        received: 104,
        missing: 3,
        reason: 'update_id_gap',
      });
    });

    it('checks pu against the last u on futures streams', () => {
      const ok = delta('binance', 'BTCUSDT', {
        firstUpdateId: 120,
        lastUpdateId: 130,
        prevId: 100,
      });
      expect(binance.continuity(100, ok, 130)).toBeUndefined();
      const broken = delta('binance', 'BTCUSDT', {
        firstUpdateId: 120,
        lastUpdateId: 130,
        prevId: 110,
      });
      expect(binance.continuity(100, broken, 130)).toEqual({
        expected: 100,
        received: 110,
        reason: 'prev_update_id_mismatch',
      });
    });
  });

  describe('bybit', () => {
    const bybit = rule('bybit');

    it('expects u to grow by exactly one', () => {
      expect(
        bybit.continuity(7, delta('bybit', 'BTCUSDT', { lastUpdateId: 8 }), 8),
      ).toBeUndefined();
      expect(bybit.continuity(7, delta('bybit', 'BTCUSDT', { lastUpdateId: 10 }), 10)).toEqual({
        expected: 8,
        received: 10,
        missing: 2,
        reason: 'update_id_gap',
      });
    });
  });

  describe('okx', () => {
    const okx = rule('okx');

    it('positions at seqId and expects prevSeqId to name the last one', () => {
      const next = delta('okx', 'BTC-USDT', { seqId: 250, prevId: 200 });
      expect(okx.position(next)).toBe(250);
      expect(okx.continuity(200, next, 250)).toBeUndefined();
      expect(okx.continuity(190, next, 250)).toEqual({
        expected: 190,
        received: 200,
        reason: 'prev_seq_id_mismatch',
      });
    });

    it('treats prevSeqId == seqId as a keep-alive that repeats the position', () => {
      const keepAlive = delta('okx', 'BTC-USDT', { seqId: 200, prevId: 200, atMs: 30_000 });
      expect(okx.repeatsPosition?.(keepAlive)).toBe(true);
      expect(okx.continuity(200, keepAlive, 200)).toBeUndefined();
      expect(bookIdentity(keepAlive, 200, okx)).toBe(`k:200:${keepAlive.exchangeTimeUs}`);
      expect(bookIdentity(delta('okx', 'BTC-USDT', { seqId: 201, prevId: 200 }), 201, okx)).toBe(
        'd:201',
      );
      expect(bookIdentity(snapshot('okx', 'BTC-USDT', { seqId: 200, prevId: -1 }), 200, okx)).toBe(
        's:200',
      );
    });
  });
});
