import { binanceSnapshot, binanceTrade } from '../../test/venue-envelopes.fixture';
import { parseMarketSnapshot, safeParseMarketSnapshot } from './market-snapshot.schema';

const snapshot = {
  v: 1,
  venue: 'binance',
  symbol: 'NKNUSDT',
  market: 'NKN-USDT',
  takenAtUs: 1_633_998_530_000_000,
  lastTrade: binanceTrade,
  book: binanceSnapshot,
  validOffsets: { '0': '120', '3': '98' },
};

describe('marketSnapshotSchema', () => {
  it('accepts a cache snapshot and one for a market without trades yet', () => {
    expect(parseMarketSnapshot(snapshot)).toEqual(snapshot);
    expect(parseMarketSnapshot({ ...snapshot, lastTrade: null }).lastTrade).toBeNull();
  });

  it('requires the book to be a book_snapshot envelope', () => {
    const result = safeParseMarketSnapshot({ ...snapshot, book: binanceTrade });
    expect(result.success ? [] : result.error.issues[0]).toEqual({
      path: 'book.type',
      message: 'expected "book_snapshot", got "trade"',
    });
    const offsets = safeParseMarketSnapshot({ ...snapshot, validOffsets: { '0': 120 } });
    expect(offsets.success ? 'accepted' : offsets.error.message).toBe(
      'Invalid market snapshot: validOffsets["0"]: expected an offset as digits, got 120',
    );
  });
});
