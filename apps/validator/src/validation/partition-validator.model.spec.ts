import {
  type Alert,
  decodeOriginalValue,
  type Envelope,
  parseAlert,
  parseDeadLetter,
  toCanonicalJson,
} from '@tickline/domain';
import { OrderBook, krakenChecksum } from '@tickline/order-book';

import {
  copyFrom,
  delta,
  NOW_US,
  rawEvent,
  snapshot,
  testSettings,
  trade,
} from '../../test/envelopes.fixture';
import { MAX_UNSYNCED_DELTAS } from './market-state.model';
import { PartitionValidator } from './partition-validator.model';
import type { RawEvent } from './raw-event.type';
import type { ValidationResult } from './validation-result.type';
import type { ValidationSettings } from './validation-settings.type';

function validator(overrides: Partial<ValidationSettings> = {}): PartitionValidator {
  return new PartitionValidator(testSettings(overrides));
}

function run(target: PartitionValidator, events: (Envelope | RawEvent)[]): ValidationResult[] {
  return events.map((event) =>
    target.validate('topic' in event && 'offset' in event ? event : rawEvent(event)),
  );
}

/** The accepted events as the valid topic would carry them. */
function accepted(results: ValidationResult[]): Envelope[] {
  return results.flatMap((result) => (result.outcome === 'accepted' ? [result.envelope] : []));
}

function alerts(results: ValidationResult[]): Alert[] {
  return results.flatMap((result) => [...result.alerts]);
}

function outcomes(results: ValidationResult[]): string[] {
  return results.map((result) =>
    result.outcome === 'accepted'
      ? 'accepted'
      : result.outcome === 'dropped'
        ? result.kind
        : `rejected:${result.rule}`,
  );
}

/** Two ingesters' copies of each event, the second ingester slightly behind. */
function fromBoth<T extends Envelope>(events: T[]): Envelope[] {
  const out: Envelope[] = [];
  events.forEach((event, index) => {
    out.push(event);
    if (index > 0) out.push(copyFrom(events[index - 1] as T, 'ingestor-b'));
  });
  if (events.length > 0) out.push(copyFrom(events[events.length - 1] as T, 'ingestor-b'));
  return out;
}

describe('PartitionValidator', () => {
  describe('duplicates from redundant ingesters', () => {
    it('passes each Binance update once, whichever ingester delivered it first', () => {
      const venue = [
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 100 }),
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 95,
          lastUpdateId: 103,
          bids: [['100.1', '1']],
          atMs: 100,
        }),
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 104,
          lastUpdateId: 104,
          asks: [['101.0', '0']],
          atMs: 200,
        }),
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 105,
          lastUpdateId: 109,
          asks: [['101.2', '4']],
          atMs: 300,
        }),
      ];
      const results = run(validator(), fromBoth(venue));
      expect(outcomes(results)).toEqual([
        'accepted',
        'accepted',
        'duplicate',
        'accepted',
        'duplicate',
        'accepted',
        'duplicate',
        'duplicate',
      ]);
      expect(accepted(results)).toEqual(venue);
      expect(alerts(results)).toEqual([]);
    });

    it('forwards the canonical bytes of the first copy, with its own receive time and ingester', () => {
      const first = trade('binance', 'BTCUSDT', { tradeId: '1' });
      const [result] = run(validator(), [
        rawEvent(JSON.stringify(first), { key: 'binance:BTCUSDT' }),
      ]);
      expect(result).toMatchObject({
        outcome: 'accepted',
        key: 'binance:BTCUSDT',
        value: toCanonicalJson(first),
      });
    });

    it('deduplicates trades by id on every venue that has them', () => {
      const events = ['okx', 'bybit', 'bitstamp', 'coinbase'].flatMap((venue) => {
        const symbol = venue === 'bitstamp' ? 'btcusd' : venue === 'bybit' ? 'BTCUSDT' : 'BTC-USD';
        const t = trade(venue as Envelope['venue'], symbol, {
          tradeId: venue === 'bybit' ? 'a1b2-c3' : '77',
        });
        return [t, copyFrom(t, 'ingestor-b'), copyFrom(t, 'ingestor-c', 40, 'replica')];
      });
      expect(outcomes(run(validator(), events))).toEqual(
        Array.from({ length: 4 }, () => ['accepted', 'duplicate', 'duplicate']).flat(),
      );
    });

    it('deduplicates id-less events by content, keeping genuine repeats from the venue', () => {
      // Kraken v1 trades carry no id; the venue sent two identical fills and one other.
      const fill = trade('kraken', 'XBT/USD', { price: '30000.1', size: '0.5' });
      const other = trade('kraken', 'XBT/USD', { price: '30000.2', size: '0.5', atMs: 1 });
      const b = (event: Envelope) => copyFrom(event, 'ingestor-b');
      const results = run(validator(), [fill, b(fill), fill, other, b(fill), b(other)]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'duplicate',
        'accepted',
        'accepted',
        'duplicate',
        'duplicate',
      ]);
      expect(accepted(results)).toEqual([fill, fill, other]);
    });

    it('deduplicates Coinbase, Kraken and Bitstamp book updates by content', () => {
      const coinbase = [
        snapshot('coinbase', 'BTC-USD'),
        delta('coinbase', 'BTC-USD', { bids: [['100.2', '1']], atMs: 1 }),
        delta('coinbase', 'BTC-USD', { bids: [['100.2', '0']], atMs: 2 }),
      ];
      const bitstamp = [
        snapshot('bitstamp', 'btcusd'),
        snapshot('bitstamp', 'btcusd', { atMs: 100 }),
      ];
      const results = run(validator(), [...fromBoth(coinbase), ...fromBoth(bitstamp)]);
      expect(accepted(results)).toEqual([...coinbase, ...bitstamp]);
    });

    it('drops an identical duplicate silently and alerts on a copy whose content differs', () => {
      const original = trade('binance', 'BTCUSDT', { tradeId: '5001', price: '100.5' });
      const diverging = copyFrom(
        { ...original, payload: { ...original.payload, price: '100.6' } },
        'ingestor-b',
      );
      const results = run(validator(), [original, copyFrom(original, 'ingestor-c'), diverging]);
      expect(outcomes(results)).toEqual(['accepted', 'duplicate', 'duplicate']);
      expect(results[1]?.alerts).toEqual([]);
      expect(results[2]?.alerts).toEqual([
        {
          v: 1,
          kind: 'duplicate',
          severity: 'critical',
          timeUs: NOW_US,
          service: 'validator',
          instance: 'validator-0',
          system: 'primary',
          venue: 'binance',
          symbol: 'BTCUSDT',
          market: 'BTC-USDT',
          dataType: 'trade',
          exchangeTimeUs: original.exchangeTimeUs,
          message:
            'binance BTCUSDT trade: two copies of trade 5001 differ; the copy from ingestor-b (primary) was dropped and the first one kept.',
          detail: { reason: 'divergent_content', received: 'trade 5001', ingesterId: 'ingestor-b' },
        },
      ]);
    });

    it('detects divergence on book updates with the same position', () => {
      const first = delta('bybit', 'BTCUSDT', { lastUpdateId: 11, bids: [['100', '1']] });
      const other = copyFrom(
        { ...first, payload: { bids: [['100', '2']], asks: [] } },
        'ingestor-b',
      );
      const results = run(validator(), [
        snapshot('bybit', 'BTCUSDT', { lastUpdateId: 10 }),
        first,
        other,
      ]);
      expect(outcomes(results)).toEqual(['accepted', 'accepted', 'duplicate']);
      expect(
        results[2]?.alerts.map((alert) => [alert.kind, alert.severity, alert.detail.received]),
      ).toEqual([['duplicate', 'critical', 'the update at 11']]);
    });

    it('treats two snapshots at one update id as copies, comparing only the book', () => {
      // A REST snapshot carries the ingester's receive time as its exchange time.
      const a = snapshot('binance', 'BTCUSDT', { lastUpdateId: 100, atMs: 0 });
      const b = copyFrom({ ...a, exchangeTimeUs: a.exchangeTimeUs + 250_000 }, 'ingestor-b');
      const c = copyFrom({ ...a, payload: { ...a.payload, asks: [['101.0', '9']] } }, 'ingestor-c');
      const results = run(validator(), [a, b, c]);
      expect(outcomes(results)).toEqual(['accepted', 'duplicate', 'duplicate']);
      expect(results[1]?.alerts).toEqual([]);
      expect(results[2]?.alerts[0]?.detail.reason).toBe('divergent_content');
    });

    it('drops a snapshot older than the accepted position, and the deltas it covers', () => {
      const results = run(validator(), [
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 100 }),
        delta('binance', 'BTCUSDT', { firstUpdateId: 101, lastUpdateId: 120 }),
        // ingester B resynced late: its snapshot and first delta lie behind.
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 110, ingesterId: 'ingestor-b' }),
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 105,
          lastUpdateId: 115,
          ingesterId: 'ingestor-b',
        }),
        // A newer snapshot is taken: the deltas up to its id are covered.
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 130, ingesterId: 'ingestor-b' }),
        delta('binance', 'BTCUSDT', { firstUpdateId: 121, lastUpdateId: 130 }),
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 125,
          lastUpdateId: 133,
          ingesterId: 'ingestor-b',
        }),
      ]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'accepted',
        'stale',
        'stale',
        'accepted',
        'stale',
        'accepted',
      ]);
      expect(alerts(results)).toEqual([]);
    });

    it('rolls a snapshot behind the sequence forward when no snapshot came before it', () => {
      // Replica B's deltas run ahead while replica A still waits for its REST snapshot (at 102),
      // and B's own snapshot comes later still: without a book, the valid topic needs one.
      const deltas = [
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 101,
          lastUpdateId: 101,
          bids: [['99.5', '0']],
          ingesterId: 'ingestor-b',
        }),
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 102,
          lastUpdateId: 104,
          asks: [['101.5', '4']],
          ingesterId: 'ingestor-b',
          atMs: 1,
        }),
        delta('binance', 'BTCUSDT', {
          firstUpdateId: 105,
          lastUpdateId: 107,
          bids: [['100.5', '7']],
          ingesterId: 'ingestor-b',
          atMs: 2,
        }),
      ];
      const late = snapshot('binance', 'BTCUSDT', { lastUpdateId: 102, atMs: 3 });
      const results = run(validator(), [
        ...deltas,
        late,
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 105, ingesterId: 'ingestor-b', atMs: 4 }),
        delta('binance', 'BTCUSDT', { firstUpdateId: 108, lastUpdateId: 108, atMs: 5 }),
      ]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'stale',
        'accepted',
      ]);
      expect(alerts(results)).toEqual([]);
      const rolled = accepted(results)[3];
      // The snapshot at 102 plus the deltas after it (103..107): the first one straddles it.
      const expected = new OrderBook();
      expected.applySnapshot(late.payload);
      expected.applyDelta(deltas[1]?.payload ?? { bids: [], asks: [] });
      expected.applyDelta(deltas[2]?.payload ?? { bids: [], asks: [] });
      expect(rolled).toEqual({
        ...late,
        lastUpdateId: 107,
        exchangeTimeUs: late.exchangeTimeUs,
        payload: { bids: expected.levels('bids'), asks: expected.levels('asks') },
      });
      expect(rolled?.type === 'book_snapshot' && rolled.payload.bids).toEqual([
        ['100.5', '7'],
        ['100.0', '1'],
        ['99.5', '2'],
      ]);
    });

    it('drops a late snapshot when the remembered deltas do not continue from it', () => {
      const results = run(validator(), [
        delta('binance', 'BTCUSDT', { firstUpdateId: 105, lastUpdateId: 107 }),
        // 103..104 never reached the validator: rolling forward would invent a book.
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 102, ingesterId: 'ingestor-b' }),
      ]);
      expect(outcomes(results)).toEqual(['accepted', 'stale']);
    });

    it('remembers at most MAX_UNSYNCED_DELTAS deltas: a snapshot older than them stays stale', () => {
      const deltas = Array.from({ length: MAX_UNSYNCED_DELTAS + 10 }, (_, i) =>
        delta('binance', 'BTCUSDT', { firstUpdateId: 101 + i, lastUpdateId: 101 + i }),
      );
      const forgotten = run(validator(), [
        ...deltas,
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 105, ingesterId: 'ingestor-b' }),
      ]);
      expect(outcomes(forgotten).at(-1)).toBe('stale');
      const remembered = run(validator(), [
        ...deltas,
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 120, ingesterId: 'ingestor-b' }),
      ]);
      expect(outcomes(remembered).at(-1)).toBe('accepted');
    });

    it('keeps OKX keep-alives (prevSeqId == seqId) once each', () => {
      const anchor = snapshot('okx', 'BTC-USDT', { seqId: 200, prevId: -1 });
      const keepAlive = delta('okx', 'BTC-USDT', { seqId: 200, prevId: 200, atMs: 30_000 });
      const later = delta('okx', 'BTC-USDT', { seqId: 200, prevId: 200, atMs: 60_000 });
      const results = run(validator(), fromBoth([anchor, keepAlive, later]));
      expect(accepted(results)).toEqual([anchor, keepAlive, later]);
    });
  });

  describe('sequence continuity', () => {
    it('reports a Binance gap with expected and received ids, and passes the event on', () => {
      const results = run(validator(), [
        snapshot('binance', 'BTCUSDT', { lastUpdateId: 100 }),
        delta('binance', 'BTCUSDT', { firstUpdateId: 101, lastUpdateId: 104 }),
        delta('binance', 'BTCUSDT', { firstUpdateId: 108, lastUpdateId: 110, atMs: 5 }),
        delta('binance', 'BTCUSDT', { firstUpdateId: 111, lastUpdateId: 111, atMs: 6 }),
      ]);
      expect(outcomes(results)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
      const [gap] = alerts(results);
      expect(alerts(results)).toHaveLength(1);
      expect(gap).toMatchObject({
        kind: 'gap',
        severity: 'warning',
        venue: 'binance',
        symbol: 'BTCUSDT',
        dataType: 'book_delta',
        message:
          'binance BTCUSDT book_delta: expected 105, received 108 (3 missing); the event is passed on.',
        detail: { expected: 105, received: 108, count: 3, reason: 'update_id_gap' },
      });
    });

    it('reports one gap however many ingesters deliver the event after it', () => {
      const venue = [
        snapshot('bybit', 'BTCUSDT', { lastUpdateId: 7 }),
        delta('bybit', 'BTCUSDT', { lastUpdateId: 8, atMs: 1 }),
        delta('bybit', 'BTCUSDT', { lastUpdateId: 12, atMs: 2 }),
      ];
      const gaps = alerts(run(validator(), fromBoth(venue)));
      expect(
        gaps.map((alert) => [
          alert.kind,
          alert.detail.expected,
          alert.detail.received,
          alert.detail.count,
        ]),
      ).toEqual([['gap', 9, 12, 3]]);
    });

    it('reports an OKX prevSeqId that does not name the last seqId', () => {
      const results = run(validator(), [
        snapshot('okx', 'BTC-USDT', { seqId: 10, prevId: -1 }),
        delta('okx', 'BTC-USDT', { seqId: 15, prevId: 10 }),
        delta('okx', 'BTC-USDT', { seqId: 30, prevId: 22 }),
      ]);
      expect(alerts(results).map((alert) => alert.detail)).toEqual([
        { expected: 15, received: 22, reason: 'prev_seq_id_mismatch' },
      ]);
    });

    it('does not judge the first update of a market it has no position for', () => {
      const results = run(validator(), [delta('bybit', 'BTCUSDT', { lastUpdateId: 5000 })]);
      expect(outcomes(results)).toEqual(['accepted']);
      expect(alerts(results)).toEqual([]);
    });

    it('follows a venue that restarts its sequence (Bybit u=1 after a service restart)', () => {
      const results = run(validator(), [
        snapshot('bybit', 'BTCUSDT', { lastUpdateId: 900, atMs: 0 }),
        delta('bybit', 'BTCUSDT', { lastUpdateId: 901, atMs: 10 }),
        snapshot('bybit', 'BTCUSDT', { lastUpdateId: 1, atMs: 20 }),
        // the other ingester's last pre-restart update arrives late: old stream, dropped
        delta('bybit', 'BTCUSDT', { lastUpdateId: 902, atMs: 15, ingesterId: 'ingestor-b' }),
        delta('bybit', 'BTCUSDT', { lastUpdateId: 2, atMs: 30 }),
      ]);
      expect(outcomes(results)).toEqual(['accepted', 'accepted', 'accepted', 'stale', 'accepted']);
      expect(alerts(results).map((alert) => [alert.kind, alert.detail.reason])).toEqual([
        ['resync', 'sequence_reset'],
      ]);
    });

    it('reports gaps in contiguous trade ids and late trades that fill them', () => {
      const results = run(validator(), [
        trade('binance', 'BTCUSDT', { tradeId: '10' }),
        trade('binance', 'BTCUSDT', { tradeId: '11' }),
        trade('binance', 'BTCUSDT', { tradeId: '14' }),
        trade('binance', 'BTCUSDT', { tradeId: '12', ingesterId: 'ingestor-b' }),
        trade('binance', 'BTCUSDT', { tradeId: '15' }),
      ]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'accepted',
      ]);
      expect(alerts(results).map((alert) => [alert.kind, alert.severity, alert.detail])).toEqual([
        ['gap', 'warning', { expected: 12, received: 14, count: 2, reason: 'trade_id_gap' }],
        ['out_of_order', 'info', { expected: 15, received: 12, reason: 'late_trade_id' }],
      ]);
    });

    it('does not expect contiguous trade ids where the venue does not promise them', () => {
      const results = run(validator(), [
        trade('okx', 'BTC-USDT', { tradeId: '100' }),
        trade('okx', 'BTC-USDT', { tradeId: '250' }),
        trade('bitstamp', 'btcusd', { tradeId: '9' }),
        trade('bitstamp', 'btcusd', { tradeId: '3' }),
      ]);
      expect(alerts(results)).toEqual([]);
    });
  });

  describe('crossed books', () => {
    const anchor = snapshot('okx', 'BTC-USDT', {
      seqId: 1,
      prevId: -1,
      bids: [
        ['100', '1'],
        ['99', '1'],
      ],
      asks: [
        ['101', '1'],
        ['102', '1'],
      ],
    });

    it('rejects an update that would cross the book, leaving the book as it was', () => {
      const crossing = delta('okx', 'BTC-USDT', { seqId: 2, prevId: 1, bids: [['101.5', '3']] });
      const next = delta('okx', 'BTC-USDT', { seqId: 3, prevId: 2, bids: [['100.5', '1']] });
      const target = validator();
      const results = run(target, [anchor, crossing, copyFrom(crossing, 'ingestor-b'), next]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'rejected:crossed_book',
        'duplicate',
        'accepted',
      ]);
      const rejected = results[1];
      if (rejected?.outcome !== 'rejected') throw new Error('expected a rejection');
      expect(rejected.alerts).toEqual([
        expect.objectContaining({
          kind: 'crossed_book',
          severity: 'warning',
          dataType: 'book_delta',
          detail: { reason: 'crossed_after_delta', bestBid: '101.5', bestAsk: '101' },
        }),
      ]);
      expect(rejected.deadLetter).toMatchObject({
        reason: 'processing_error',
        error: {
          message:
            'crossed_book: okx BTC-USDT book_delta: the update would cross the book: best bid 101.5 >= best ask 101.',
        },
      });
      expect(target.marketState('okx:BTC-USDT')?.book.touch()).toEqual({
        bestBid: '100.5',
        bestAsk: '101',
      });
    });

    it('rejects a crossed snapshot and pauses book checks until the next good one', () => {
      const crossed = snapshot('okx', 'BTC-USDT', {
        seqId: 5,
        prevId: -1,
        bids: [['103', '1']],
        asks: [['102', '1']],
        atMs: 10,
      });
      const wouldCross = delta('okx', 'BTC-USDT', {
        seqId: 6,
        prevId: 5,
        bids: [['500', '1']],
        atMs: 11,
      });
      const good = snapshot('okx', 'BTC-USDT', { seqId: 7, prevId: -1, atMs: 12 });
      const crossingAgain = delta('okx', 'BTC-USDT', {
        seqId: 8,
        prevId: 7,
        asks: [['50', '1']],
        atMs: 13,
      });
      const results = run(validator(), [anchor, crossed, wouldCross, good, crossingAgain]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'rejected:crossed_book',
        'accepted',
        'accepted',
        'rejected:crossed_book',
      ]);
      expect(results[1]?.alerts[0]?.detail).toEqual({
        reason: 'crossed_snapshot',
        bestBid: '103',
        bestAsk: '102',
      });
    });
  });

  describe('bad numbers', () => {
    it('rejects zero prices and trade sizes with a dead letter and an alert, once for both copies', () => {
      const zeroSize = trade('coinbase', 'BTC-USD', { tradeId: '3', size: '0' });
      const zeroPrice = delta('bybit', 'BTCUSDT', { lastUpdateId: 2, bids: [['0', '1']] });
      const removal = delta('bybit', 'BTCUSDT', { lastUpdateId: 3, bids: [['99.5', '0']] });
      const results = run(validator(), [
        trade('coinbase', 'BTC-USD', { tradeId: '2' }),
        zeroSize,
        copyFrom(zeroSize, 'ingestor-b'),
        snapshot('bybit', 'BTCUSDT', { lastUpdateId: 1 }),
        zeroPrice,
        copyFrom(zeroPrice, 'ingestor-b'),
        removal,
      ]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'rejected:bad_number',
        'duplicate',
        'accepted',
        'rejected:bad_number',
        'duplicate',
        'accepted',
      ]);
      // The rejected update still counts as the position: the next one is no gap.
      expect(alerts(results).map((alert) => [alert.kind, alert.detail])).toEqual([
        ['bad_number', { field: 'payload.size', received: '0', reason: 'not_positive' }],
        ['bad_number', { field: 'payload.bids[0][0]', received: '0', reason: 'not_positive' }],
      ]);
      const letter = results[1];
      if (letter?.outcome !== 'rejected') throw new Error('expected a rejection');
      expect(letter.deadLetter.error).toEqual({
        message:
          'bad_number: coinbase BTC-USD trade: payload.size is "0": a trade size must be positive.',
        issues: [
          { path: 'payload.size', message: 'payload.size is "0": a trade size must be positive' },
        ],
      });
    });
  });

  describe('timestamps', () => {
    it('rejects exchange times beyond the skew ahead of the receive time, and too old ones', () => {
      const results = run(validator({ maxFutureSkewUs: 2_000_000, maxEventAgeUs: 60_000_000 }), [
        trade('binance', 'BTCUSDT', { tradeId: '1', latencyMs: -1_999 }),
        trade('binance', 'BTCUSDT', { tradeId: '2', latencyMs: -2_500 }),
        trade('binance', 'BTCUSDT', { tradeId: '3', latencyMs: 61_000 }),
        snapshot('kraken', 'XBT/USD', { latencyMs: 3_600_000 }),
      ]);
      expect(outcomes(results)).toEqual([
        'accepted',
        'rejected:future_timestamp',
        'rejected:stale_timestamp',
        'accepted',
      ]);
      expect(alerts(results).map((alert) => [alert.kind, alert.detail])).toEqual([
        [
          'future_timestamp',
          {
            field: 'exchangeTimeUs',
            expected: 2_000_000,
            received: 2_500_000,
            reason: 'beyond_clock_skew',
          },
        ],
        [
          'stale_timestamp',
          {
            field: 'exchangeTimeUs',
            expected: 60_000_000,
            received: 61_000_000,
            reason: 'too_old',
          },
        ],
      ]);
    });
  });

  describe('schema errors', () => {
    it('dead-letters undecodable records with their original bytes and position', () => {
      const bytes = Buffer.from('{"v":1,"venue":"binance"', 'utf8');
      const results = run(validator(), [
        rawEvent(bytes, { key: 'binance:BTCUSDT', partition: 4, offset: '812' }),
        rawEvent(JSON.stringify({ ...trade('okx', 'BTC-USDT', { tradeId: '1' }), v: 3 }), {
          key: 'okx:BTC-USDT',
        }),
        rawEvent(JSON.stringify({ ...trade('okx', 'BTC-USDT', {}), side: 'up' }), {
          key: 'okx:BTC-USDT',
        }),
        rawEvent(trade('okx', 'BTC-USDT', { tradeId: '1' }), { key: 'okx:ETH-USDT' }),
      ]);
      expect(outcomes(results)).toEqual([
        'rejected:invalid_json',
        'rejected:unsupported_version',
        'rejected:schema_error',
        'rejected:key_mismatch',
      ]);
      const first = results[0];
      if (first?.outcome !== 'rejected') throw new Error('expected a rejection');
      expect(first.key).toBe('binance:BTCUSDT');
      expect(first.deadLetter).toMatchObject({
        reason: 'invalid_json',
        service: 'validator',
        source: {
          topic: 'md.events.raw.v1',
          partition: 4,
          offset: '812',
          key: 'binance:BTCUSDT',
          timestamp: '1709294400000',
        },
        value: { encoding: 'utf8', data: bytes.toString('utf8') },
      });
      expect(decodeOriginalValue(first.deadLetter.value as never)).toEqual(bytes);
      expect(first.alerts).toEqual([
        expect.objectContaining({
          kind: 'schema_error',
          venue: 'binance',
          symbol: 'BTCUSDT',
          detail: { reason: 'invalid_json' },
        }),
      ]);
      expect(
        results.map((result) => (result.outcome === 'rejected' ? result.deadLetter.reason : '')),
      ).toEqual(['invalid_json', 'unsupported_version', 'schema_error', 'schema_error']);
      expect(results[2]?.alerts[0]?.detail.field).toBeDefined();
      expect(results[3]?.alerts[0]).toMatchObject({
        market: 'BTC-USDT',
        detail: { reason: 'key_mismatch', field: '(key)' },
      });
    });

    it('keeps non-UTF-8 bytes exactly (base64) and handles tombstones', () => {
      const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x7b]);
      const results = run(validator(), [
        rawEvent(bytes, { key: null }),
        rawEvent(null, { key: 'kraken:XBT/USD' }),
      ]);
      const [binary, tombstone] = results;
      if (binary?.outcome !== 'rejected' || tombstone?.outcome !== 'rejected')
        throw new Error('expected rejections');
      expect(binary.deadLetter.value).toEqual({
        encoding: 'base64',
        data: bytes.toString('base64'),
      });
      expect(binary.alerts[0]?.venue).toBeUndefined();
      expect(tombstone.deadLetter.value).toBeNull();
    });
  });

  describe('checksums', () => {
    it('alerts when the Kraken checksum disagrees with the book, and pauses until the next snapshot', () => {
      const levels = {
        bids: [['30000.1', '0.5']] as [string, string][],
        asks: [['30000.5', '1.25']] as [string, string][],
      };
      const reference = new OrderBook();
      reference.applySnapshot(levels);
      const sum = krakenChecksum(reference);
      const results = run(validator(), [
        snapshot('kraken', 'XBT/USD', { depth: 10, ...levels, checksum: sum }),
        delta('kraken', 'XBT/USD', { bids: [['30000.2', '1']], checksum: sum, atMs: 1 }),
        delta('kraken', 'XBT/USD', { bids: [['40000', '1']], checksum: sum, atMs: 2 }),
      ]);
      expect(outcomes(results)).toEqual(['accepted', 'accepted', 'accepted']);
      expect(alerts(results).map((alert) => [alert.kind, alert.detail.expected])).toEqual([
        ['checksum_mismatch', sum],
      ]);
    });
  });

  describe('bounded state', () => {
    it('forgets the least recently seen market beyond maxMarkets', () => {
      const target = validator({ maxMarkets: 2 });
      run(target, [
        trade('okx', 'BTC-USDT', { tradeId: '1' }),
        trade('okx', 'ETH-USDT', { tradeId: '1' }),
        trade('okx', 'BTC-USDT', { tradeId: '2' }),
        trade('binance', 'BTCUSDT', { tradeId: '1' }),
      ]);
      expect(target.marketCount).toBe(2);
      expect(target.marketState('okx:ETH-USDT')).toBeUndefined();
      expect(target.marketState('okx:BTC-USDT')).toBeDefined();
    });

    it('remembers at most dedupeWindow identities per market', () => {
      const target = validator({ dedupeWindow: 16 });
      run(
        target,
        Array.from({ length: 100 }, (_, i) => trade('okx', 'BTC-USDT', { tradeId: String(i) })),
      );
      expect(target.marketState('okx:BTC-USDT')?.tradeIds.size).toBe(16);
    });
  });

  describe('outputs', () => {
    it('produces alerts and dead letters that satisfy the domain schemas', () => {
      const results = run(validator(), [
        rawEvent('nope', { key: 'binance:BTCUSDT' }),
        trade('binance', 'BTCUSDT', { tradeId: '1', size: '0' }),
        trade('binance', 'BTCUSDT', { tradeId: '5' }),
        trade('binance', 'BTCUSDT', { tradeId: '5', price: '1', ingesterId: 'ingestor-b' }),
        snapshot('okx', 'BTC-USDT', { seqId: 2, bids: [['3', '1']], asks: [['2', '1']] }),
        trade('okx', 'BTC-USDT', { tradeId: '9', latencyMs: -10_000 }),
      ]);
      const all = alerts(results);
      expect(all.map((alert) => alert.kind).sort()).toEqual([
        'bad_number',
        'crossed_book',
        'duplicate',
        'future_timestamp',
        'gap',
        'schema_error',
      ]);
      for (const alert of all) expect(parseAlert(alert)).toEqual(alert);
      for (const result of results) {
        if (result.outcome === 'rejected')
          expect(parseDeadLetter(result.deadLetter)).toEqual(result.deadLetter);
      }
    });
  });
});
