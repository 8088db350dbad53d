import type { ReplicaNeutralEnvelope } from '@tickline/domain';

import { appendCsvLines, csvField, isoMicros } from './csv-row.util';
import { CSV_COLUMNS, csvHeader } from './csv-schema.constants';

const T = Date.UTC(2026, 10, 26, 13, 4, 5) * 1000 + 7;

describe('CSV rows', () => {
  it('formats timestamps as ISO-8601 UTC with microseconds', () => {
    expect(isoMicros(T)).toBe('2026-11-26T13:04:05.000007Z');
    expect(isoMicros(T + 999_992)).toBe('2026-11-26T13:04:05.999999Z');
    expect(isoMicros(T + 999_993)).toBe('2026-11-26T13:04:06.000000Z');
  });

  it('quotes only fields that need it', () => {
    expect(csvField('XBT/USD')).toBe('XBT/USD');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });

  it('writes a trade as one line with exact decimals and the documented columns', () => {
    const out: string[] = [];
    const event: ReplicaNeutralEnvelope = {
      v: 1,
      venue: 'kraken',
      symbol: 'XBT/USD',
      market: 'BTC-USD',
      type: 'trade',
      exchangeTimeUs: T,
      system: 'primary',
      payload: { price: '61240.10000', size: '0.00012000', side: 'sell' },
    };
    expect(appendCsvLines(event, out)).toBe(1);
    expect(out).toEqual([
      '2026-11-26T13:04:05.000007Z,' +
        T +
        ',kraken,XBT/USD,BTC-USD,,sell,61240.10000,0.00012000,\n',
    ]);
    expect(out[0]?.split(',')).toHaveLength(CSV_COLUMNS.trade.length);
  });

  it('writes one line per book level, bids first, and one empty-level line for an empty message', () => {
    const out: string[] = [];
    const delta: ReplicaNeutralEnvelope = {
      v: 1,
      venue: 'binance',
      symbol: 'BTCUSDT',
      market: 'BTC-USDT',
      type: 'book_delta',
      exchangeTimeUs: T,
      firstUpdateId: 10,
      lastUpdateId: 12,
      system: 'replica',
      payload: {
        bids: [
          ['1.5', '2'],
          ['1.4', '0'],
        ],
        asks: [['1.6', '3']],
      },
    };
    expect(appendCsvLines(delta, out)).toBe(3);
    const prefix = `2026-11-26T13:04:05.000007Z,${T},binance,BTCUSDT,BTC-USDT,,10,12,,,`;
    expect(out).toEqual([
      `${prefix}bid,0,1.5,2\n`,
      `${prefix}bid,1,1.4,0\n`,
      `${prefix}ask,0,1.6,3\n`,
    ]);
    out.length = 0;
    const snapshot: ReplicaNeutralEnvelope = {
      ...delta,
      type: 'book_snapshot',
      payload: { depth: 5, bids: [], asks: [] },
    };
    expect(appendCsvLines(snapshot, out)).toBe(1);
    expect(out).toEqual([
      `2026-11-26T13:04:05.000007Z,${T},binance,BTCUSDT,BTC-USDT,,10,12,,,5,,,,\n`,
    ]);
    for (const type of ['book_delta', 'book_snapshot'] as const) {
      expect(csvHeader(type).split(',')).toHaveLength(CSV_COLUMNS[type].length);
    }
    expect(out[0]?.split(',')).toHaveLength(CSV_COLUMNS.book_snapshot.length);
  });
});
