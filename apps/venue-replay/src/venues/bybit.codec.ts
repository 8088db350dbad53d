import type { BookChanges, BookState } from '../book/book-state';
import { formatTime } from '../time/time-format.util';
import type { FrameShift, SlotKind } from '../time/frame-slots.util';
import {
  asRecord,
  asString,
  readLevels,
  shiftedTimeUs,
  type ClassifiedFrame,
  type StreamInfo,
  type TradeSpec,
  type VenueCodec,
} from './venue-codec';

/** Depths of Bybit v5 spot `orderbook.<depth>.<symbol>`. */
export const BYBIT_BOOK_DEPTHS = [1, 50, 200, 1000] as const;

/** `orderbook.50.BTCUSDT`, `publicTrade.BTCUSDT`, `tickers.BTCUSDT` -> stream info. */
export function bybitStream(topic: string): StreamInfo | undefined {
  const book = /^orderbook\.(\d+)\.([A-Z0-9]+)$/.exec(topic);
  if (book) {
    return {
      key: topic,
      symbol: book[2] as string,
      channel: 'orderbook',
      kind: 'book',
      depth: Number(book[1]),
    };
  }
  const other = /^(publicTrade|tickers|kline\.[0-9A-Z]+)\.([A-Z0-9]+)$/.exec(topic);
  if (!other) {
    return undefined;
  }
  const channel = other[1] as string;
  return {
    key: topic,
    symbol: other[2] as string,
    channel,
    kind: channel === 'publicTrade' ? 'trade' : 'other',
  };
}

const TRADE_FIELD = /^data\.\d+\.(T|i)$/;

function slotRule(path: string, frame: unknown): SlotKind | undefined {
  const stream = bybitStream(asString(asRecord(frame)?.['topic']) ?? '');
  if (!stream) {
    return undefined;
  }
  if (path === 'ts' || path === 'cts') {
    return { kind: 'time', format: 'ms' };
  }
  if (stream.kind === 'book') {
    if (path === 'data.u') return { kind: 'id', family: `${stream.symbol}:book` };
    if (path === 'data.seq') return { kind: 'id', family: `${stream.symbol}:seq` };
    return undefined;
  }
  const field = TRADE_FIELD.exec(path)?.[1];
  if (field === 'T') return { kind: 'time', format: 'ms' };
  return field === 'i' ? { kind: 'id', family: `${stream.symbol}:trade` } : undefined;
}

function pairs(levels: BookChanges['bids']): string[][] {
  return levels.map((level) => [level.price, level.size]);
}

function bookFrame(
  stream: StreamInfo,
  type: 'snapshot' | 'delta',
  bids: BookChanges['bids'],
  asks: BookChanges['asks'],
  book: BookState,
  shift: FrameShift,
): string {
  const ts = Number(formatTime(shiftedTimeUs(book, shift), 'ms'));
  return JSON.stringify({
    topic: stream.key,
    type,
    ts,
    data: {
      s: stream.symbol,
      b: pairs(bids),
      a: pairs(asks),
      u: (book.meta.seq ?? 0) + shift.idOffset(`${stream.symbol}:book`),
      seq: (book.meta.seq2 ?? 0) + shift.idOffset(`${stream.symbol}:seq`),
    },
    cts: ts,
  });
}

/** Bybit v5 public WebSocket (`orderbook.<depth>.<symbol>`, `publicTrade.<symbol>`). */
export const bybitCodec: VenueCodec = {
  venue: 'bybit',
  timeStepUs: 1000,

  classify(frame): ClassifiedFrame | undefined {
    const record = asRecord(frame);
    const stream = bybitStream(asString(record?.['topic']) ?? '');
    if (!record || !stream) {
      return undefined;
    }
    if (stream.kind !== 'book') {
      return { stream, role: 'data' };
    }
    return { stream, role: record['type'] === 'snapshot' ? 'snapshot' : 'delta' };
  },

  slotRule,

  bookFamily: (stream) => `${stream.symbol}:book`,

  applyToBook(book, frame, role) {
    const record = asRecord(frame) ?? {};
    const data = asRecord(record['data']) ?? {};
    if (role === 'snapshot') {
      book.clear();
    }
    for (const level of readLevels(data['b'])) book.bids.apply(level);
    for (const level of readLevels(data['a'])) book.asks.apply(level);
    book.meta = {
      ...(typeof data['u'] === 'number' ? { seq: data['u'] } : {}),
      ...(typeof data['seq'] === 'number' ? { seq2: data['seq'] } : {}),
      ...(typeof record['ts'] === 'number' ? { timeUs: record['ts'] * 1000 } : {}),
    };
  },

  continuityId(frame) {
    const u = asRecord(asRecord(frame)?.['data'])?.['u'];
    return typeof u === 'number' ? u - 1 : undefined;
  },

  renderSnapshot(stream, book, shift) {
    const depth = stream.depth ?? 200;
    return bookFrame(stream, 'snapshot', book.bids.top(depth), book.asks.top(depth), book, shift);
  },

  renderDelta(stream, changes, book, shift) {
    return bookFrame(stream, 'delta', changes.bids, changes.asks, book, shift);
  },

  renderTrade(stream, trade: TradeSpec, shift) {
    const ts = Number(formatTime(trade.timeUs + shift.seconds * 1_000_000, 'ms'));
    return JSON.stringify({
      topic: stream.key,
      type: 'snapshot',
      ts,
      data: [
        {
          T: ts,
          s: stream.symbol,
          S: trade.side === 'buy' ? 'Buy' : 'Sell',
          v: trade.size,
          p: trade.price,
          L: trade.side === 'buy' ? 'PlusTick' : 'MinusTick',
          i: String(trade.id + shift.idOffset(`${stream.symbol}:trade`)),
          BT: false,
        },
      ],
    });
  },
};
