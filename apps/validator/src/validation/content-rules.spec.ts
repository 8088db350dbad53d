import { delta, snapshot, trade } from '../../test/envelopes.fixture';
import { findBadNumber } from './number-rules.util';
import { findTimeFault } from './time-rules.util';
import { CONTIGUOUS_TRADE_ID_VENUES, numericTradeId } from './trade-sequence.rules';

describe('findBadNumber', () => {
  it('wants positive trade prices and sizes', () => {
    expect(
      findBadNumber(trade('binance', 'BTCUSDT', { price: '1.5', size: '0.001' })),
    ).toBeUndefined();
    expect(findBadNumber(trade('binance', 'BTCUSDT', { price: '0.000' }))).toEqual({
      field: 'payload.price',
      value: '0.000',
      message: 'payload.price is "0.000": a trade price must be positive',
    });
    expect(findBadNumber(trade('binance', 'BTCUSDT', { size: '0' }))).toMatchObject({
      field: 'payload.size',
      value: '0',
    });
  });

  it('lets a delta remove a level with size 0 but never take price 0', () => {
    const removal = delta('binance', 'BTCUSDT', {
      bids: [['100.0', '0']],
      asks: [['101', '0.00']],
    });
    expect(findBadNumber(removal)).toBeUndefined();
    const zeroPrice = delta('binance', 'BTCUSDT', {
      bids: [['100.0', '1']],
      asks: [
        ['101', '1'],
        ['0', '5'],
      ],
    });
    expect(findBadNumber(zeroPrice)).toEqual({
      field: 'payload.asks[1][0]',
      value: '0',
      message: 'payload.asks[1][0] is "0": a level price must be positive',
    });
  });

  it('wants every snapshot level to have a size', () => {
    const empty = snapshot('okx', 'BTC-USDT', {
      bids: [
        ['100', '1'],
        ['99', '0'],
      ],
      asks: [],
    });
    expect(findBadNumber(empty)).toMatchObject({ field: 'payload.bids[1][1]', value: '0' });
  });
});

describe('findTimeFault', () => {
  const limits = { maxFutureSkewUs: 5_000_000, maxEventAgeUs: 300_000_000 };

  it('allows exchange times up to the skew after the receive time', () => {
    expect(
      findTimeFault(trade('binance', 'BTCUSDT', { latencyMs: -5_000 }), limits),
    ).toBeUndefined();
    expect(findTimeFault(trade('binance', 'BTCUSDT', { latencyMs: -5_001 }), limits)).toEqual({
      rule: 'future_timestamp',
      limitUs: 5_000_000,
      differenceUs: 5_001_000,
      message: 'exchangeTimeUs is 5.001 s after receiveTimeUs (allowed: 5.000 s)',
    });
  });

  it('rejects trades and deltas older than the maximum age, not snapshots', () => {
    expect(
      findTimeFault(trade('binance', 'BTCUSDT', { latencyMs: 300_000 }), limits),
    ).toBeUndefined();
    expect(findTimeFault(delta('bybit', 'BTCUSDT', { latencyMs: 300_001 }), limits)).toMatchObject({
      rule: 'stale_timestamp',
      limitUs: 300_000_000,
      differenceUs: 300_001_000,
    });
    expect(
      findTimeFault(snapshot('kraken', 'XBT/USD', { latencyMs: 7_200_000 }), limits),
    ).toBeUndefined();
  });

  it('has no age rule when the maximum age is 0', () => {
    const old = trade('binance', 'BTCUSDT', { latencyMs: 86_400_000 });
    expect(findTimeFault(old, { ...limits, maxEventAgeUs: 0 })).toBeUndefined();
  });
});

describe('trade ids', () => {
  it('are contiguous numbers on Binance and Coinbase only', () => {
    expect([...CONTIGUOUS_TRADE_ID_VENUES].sort()).toEqual(['binance', 'coinbase']);
    expect(numericTradeId('123456789')).toBe(123_456_789);
    expect(numericTradeId('9'.repeat(16))).toBeUndefined();
    expect(numericTradeId('a1b2')).toBeUndefined();
  });
});
