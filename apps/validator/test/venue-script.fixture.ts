import { type Envelope, toCanonicalJson } from '@tickline/domain';

import { copyFrom, delta, snapshot, trade } from './envelopes.fixture';

/** What the validator must do with a scripted venue event. */
export type Fate = 'valid' | 'crossed_book' | 'bad_number' | 'future_timestamp';

export interface ScriptedEvent {
  readonly envelope: Envelope;
  readonly fate: Fate;
}

/** The market ids the script uses (all keyed `venue:symbol`). */
export const SCRIPT_MARKETS = [
  'binance:BTCUSDT',
  'bybit:ETHUSDT',
  'okx:BTC-USDT',
  'coinbase:BTC-USD',
  'kraken:XBT/USD',
] as const;

/** mulberry32, seeded: the script is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A deterministic stream of what five venues send, with sequence counters carried across parts
 * (so a later part continues the same markets) and faults placed on request. Prices stay
 * inside the snapshots' spread (bids below 100, asks above 101), so only injected faults cross.
 */
export class VenueScript {
  private readonly next: () => number;
  private atMs = 0;
  private binanceU = 1000;
  private binanceTrade = 70_000;
  private bybitU = 500;
  private okxSeq = 9_000;
  private coinbaseTrade = 3_000;

  constructor(seed: number) {
    this.next = random(seed);
  }

  /** Snapshots of the three sequenced books and the Coinbase book. */
  opening(): ScriptedEvent[] {
    this.atMs += 1;
    const at = { atMs: this.atMs };
    return [
      snapshot('binance', 'BTCUSDT', { lastUpdateId: this.binanceU, ...at }),
      snapshot('bybit', 'ETHUSDT', { lastUpdateId: this.bybitU, ...at }),
      snapshot('okx', 'BTC-USDT', { seqId: this.okxSeq, prevId: -1, ...at }),
      snapshot('coinbase', 'BTC-USD', at),
    ].map((envelope) => ({ envelope, fate: 'valid' as const }));
  }

  /** `count` ordinary events spread over the markets. */
  events(count: number): ScriptedEvent[] {
    return Array.from({ length: count }, () => ({
      envelope: this.ordinary(),
      fate: 'valid' as const,
    }));
  }

  /** Bybit skips update ids: the next delta is a gap (expected, received). */
  bybitGap(skipped: number): { event: ScriptedEvent; expected: number; received: number } {
    const expected = this.bybitU + 1;
    this.bybitU += skipped + 1;
    this.atMs += 1;
    const envelope = delta('bybit', 'ETHUSDT', {
      lastUpdateId: this.bybitU,
      asks: [['2001.5', '3']],
      atMs: this.atMs,
    });
    return { event: { envelope, fate: 'valid' }, expected, received: this.bybitU };
  }

  /** An OKX update whose bid lies above the best ask. */
  okxCrossed(): ScriptedEvent {
    const prev = this.okxSeq;
    this.okxSeq += 3;
    this.atMs += 1;
    return {
      envelope: delta('okx', 'BTC-USDT', {
        seqId: this.okxSeq,
        prevId: prev,
        bids: [['250.5', '1']],
        atMs: this.atMs,
      }),
      fate: 'crossed_book',
    };
  }

  /** A Coinbase trade of size 0. */
  coinbaseZeroTrade(): ScriptedEvent {
    this.coinbaseTrade += 1;
    this.atMs += 1;
    return {
      envelope: trade('coinbase', 'BTC-USD', {
        tradeId: String(this.coinbaseTrade),
        size: '0',
        atMs: this.atMs,
      }),
      fate: 'bad_number',
    };
  }

  /** A Binance delta with a zero price. */
  binanceZeroPrice(): ScriptedEvent {
    const first = this.binanceU + 1;
    this.binanceU += 2;
    this.atMs += 1;
    return {
      envelope: delta('binance', 'BTCUSDT', {
        firstUpdateId: first,
        lastUpdateId: this.binanceU,
        bids: [['0', '1']],
        atMs: this.atMs,
      }),
      fate: 'bad_number',
    };
  }

  /** A Binance trade stamped a minute after it was received. */
  binanceFutureTrade(): ScriptedEvent {
    this.binanceTrade += 1;
    this.atMs += 1;
    return {
      envelope: trade('binance', 'BTCUSDT', {
        tradeId: String(this.binanceTrade),
        atMs: this.atMs,
        latencyMs: -60_000,
      }),
      fate: 'future_timestamp',
    };
  }

  private ordinary(): Envelope {
    const next = this.next;
    this.atMs += 1;
    const atMs = this.atMs;
    const bid: [string, string] = [
      `${95 + Math.floor(next() * 5)}.${Math.floor(next() * 100)}`,
      String(Math.floor(next() * 4)),
    ];
    const ask: [string, string] = [
      `${102 + Math.floor(next() * 5)}.${Math.floor(next() * 100)}`,
      String(1 + Math.floor(next() * 4)),
    ];
    switch (Math.floor(next() * 7)) {
      case 0: {
        const first = this.binanceU + 1;
        this.binanceU += 1 + Math.floor(next() * 3);
        return delta('binance', 'BTCUSDT', {
          firstUpdateId: first,
          lastUpdateId: this.binanceU,
          bids: [bid],
          asks: [ask],
          atMs,
        });
      }
      case 1:
        this.binanceTrade += 1;
        return trade('binance', 'BTCUSDT', {
          tradeId: String(this.binanceTrade),
          price: ask[0],
          atMs,
        });
      case 2:
        this.bybitU += 1;
        return delta('bybit', 'ETHUSDT', { lastUpdateId: this.bybitU, asks: [ask], atMs });
      case 3: {
        const prev = this.okxSeq;
        this.okxSeq += 1 + Math.floor(next() * 5);
        return delta('okx', 'BTC-USDT', { seqId: this.okxSeq, prevId: prev, bids: [bid], atMs });
      }
      case 4:
        return delta('coinbase', 'BTC-USD', { bids: [bid], asks: [ask], atMs });
      case 5:
        this.coinbaseTrade += 1;
        return trade('coinbase', 'BTC-USD', {
          tradeId: String(this.coinbaseTrade),
          price: bid[0],
          side: 'sell',
          atMs,
        });
      default:
        // Kraken trades carry no id; a pair of equal fills is the venue's, not a copy.
        return trade('kraken', 'XBT/USD', {
          price: '30000.1',
          size: next() < 0.5 ? '0.5' : '0.25',
          atMs: atMs - (atMs % 2),
        });
    }
  }
}

/** The same events as ingester `ingesterId` captures them. */
export function capturedBy(events: readonly ScriptedEvent[], ingesterId: string): Envelope[] {
  return events.map((event) =>
    ingesterId === 'ingestor-a' ? event.envelope : copyFrom(event.envelope, ingesterId),
  );
}

/** The venue's message without what differs between ingesters: what the valid topic must hold once. */
export function venueForm(envelope: Envelope): string {
  return toCanonicalJson({ ...envelope, system: 'primary' }, { localFields: false });
}

/** Expected valid events per market id, in order. */
export function expectedValid(events: readonly ScriptedEvent[]): Map<string, string[]> {
  const byMarket = new Map<string, string[]>();
  for (const event of events) {
    if (event.fate !== 'valid') continue;
    const key = `${event.envelope.venue}:${event.envelope.symbol}`;
    byMarket.set(key, [...(byMarket.get(key) ?? []), venueForm(event.envelope)]);
  }
  return byMarket;
}
