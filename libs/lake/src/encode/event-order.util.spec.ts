import { binanceDelta, coinbaseTrade, krakenTrade, MINUTE_0 } from '../../test/lake-events.fixture';
import { compareLakeEvents, compareTradeIds, sequenceKeyOf } from './event-order.util';

describe('lake event order', () => {
  it('compares numeric trade ids by value (then by spelling) and puts other ids after them', () => {
    const ids = ['b-7', '1000', '', '999', '0999', 'a-9', '2'];
    expect([...ids].sort(compareTradeIds)).toEqual(['', '2', '999', '0999', '1000', 'a-9', 'b-7']);
  });

  it('orders by sequence key first, even against the exchange time', () => {
    const later = coinbaseTrade(MINUTE_0 + 1_000, 101);
    const earlierStampedLater = coinbaseTrade(MINUTE_0 + 2_000, 100);
    expect(compareLakeEvents(earlierStampedLater, later)).toBeLessThan(0);
  });

  it('uses seqId before lastUpdateId as the sequence key', () => {
    expect(sequenceKeyOf({ seqId: 5, lastUpdateId: 9 })).toBe(5);
    expect(sequenceKeyOf({ lastUpdateId: 9 })).toBe(9);
    expect(sequenceKeyOf({})).toBeNaN();
    expect(
      compareLakeEvents(binanceDelta(MINUTE_0 + 5, 10), binanceDelta(MINUTE_0 + 1, 13)),
    ).toBeLessThan(0);
  });

  it('falls back to exchange time, then trade id, and treats full ties as equal', () => {
    const a = krakenTrade(MINUTE_0 + 1, '354.11');
    const b = krakenTrade(MINUTE_0 + 2, '354.10');
    expect(compareLakeEvents(a, b)).toBeLessThan(0);
    expect(compareLakeEvents(b, a)).toBeGreaterThan(0);
    // Same time, no ids: equal, so arrival order decides (the sort is stable).
    expect(compareLakeEvents(a, krakenTrade(MINUTE_0 + 1, '354.12'))).toBe(0);
    const withId = (id: string) => ({
      ...a,
      payload: { ...a.payload, tradeId: id },
    });
    expect(compareLakeEvents(withId('10'), withId('9'))).toBeGreaterThan(0);
  });

  it('puts events without a sequence key after those with one, keeping the order total', () => {
    const sequenced = coinbaseTrade(MINUTE_0 + 50, 7);
    const unsequenced = krakenTrade(MINUTE_0 + 1, '1');
    expect(compareLakeEvents(sequenced, unsequenced)).toBeLessThan(0);
    expect(compareLakeEvents(unsequenced, sequenced)).toBeGreaterThan(0);
  });
});
