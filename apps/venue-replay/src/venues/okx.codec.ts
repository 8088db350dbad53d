import { okxChecksum } from '../book/book-checksum.util';
import type { Level } from '../book/book-side';
import type { BookState } from '../book/book-state';
import { formatTime } from '../time/time-format.util';
import type { FrameShift, SlotKind } from '../time/frame-slots.util';
import {
  asRecord,
  asString,
  readLevels,
  shiftedTimeUs,
  type ClassifiedFrame,
  type DeltaContext,
  type StreamInfo,
  type TradeSpec,
  type VenueCodec,
} from './venue-codec';

/** Incremental book channels (snapshot then updates); `books` is 400 levels deep. */
export const OKX_BOOK_CHANNELS: Readonly<Record<string, number>> = {
  books: 400,
  'books-l2-tbt': 400,
  'books50-l2-tbt': 50,
};

export function okxStreamKey(channel: string, instId: string): string {
  return `${channel}:${instId}`;
}

export function okxStream(channel: string, instId: string): StreamInfo {
  const depth = OKX_BOOK_CHANNELS[channel];
  return depth !== undefined
    ? { key: okxStreamKey(channel, instId), symbol: instId, channel, kind: 'book', depth }
    : {
        key: okxStreamKey(channel, instId),
        symbol: instId,
        channel,
        kind: channel === 'trades' ? 'trade' : 'other',
      };
}

function arg(frame: unknown): { channel: string; instId: string } | undefined {
  const record = asRecord(asRecord(frame)?.['arg']);
  const channel = asString(record?.['channel']);
  const instId = asString(record?.['instId']);
  return channel && instId ? { channel, instId } : undefined;
}

function firstData(frame: unknown): Record<string, unknown> | undefined {
  const data = asRecord(frame)?.['data'];
  return Array.isArray(data) ? asRecord(data[0]) : undefined;
}

const DATA_FIELD = /^data\.\d+\.(ts|tradeId|seqId|prevSeqId)$/;

function slotRule(path: string, frame: unknown): SlotKind | undefined {
  const field = DATA_FIELD.exec(path)?.[1];
  if (field === undefined) {
    return undefined;
  }
  const instId = arg(frame)?.instId ?? '';
  if (field === 'ts') {
    return { kind: 'time', format: 'ms' };
  }
  return field === 'tradeId'
    ? { kind: 'id', family: `${instId}:trade` }
    : { kind: 'id', family: `${instId}:book` };
}

function toLevel(parsed: { price: string; size: string; extra?: string[] }): Level {
  return { price: parsed.price, size: parsed.size, extra: parsed.extra ?? ['0', '1'] };
}

function quads(levels: readonly Level[]): string[][] {
  return levels.map((level) => [level.price, level.size, ...(level.extra ?? ['0', '1'])]);
}

function counters(book: BookState, shift: FrameShift, instId: string, prevSeq: number | undefined) {
  if (book.meta.seq === undefined) {
    return {};
  }
  const offset = shift.idOffset(`${instId}:book`);
  return {
    prevSeqId: prevSeq === undefined ? -1 : prevSeq + offset,
    seqId: book.meta.seq + offset,
  };
}

/** OKX v5 public channels (`books`, `trades`, `tickers`, ...). */
export const okxCodec: VenueCodec = {
  venue: 'okx',
  timeStepUs: 1000,

  classify(frame): ClassifiedFrame | undefined {
    const target = arg(frame);
    const record = asRecord(frame);
    if (!target || !record || !Array.isArray(record['data']) || 'event' in record) {
      return undefined;
    }
    const stream = okxStream(target.channel, target.instId);
    if (stream.kind !== 'book') {
      return { stream, role: 'data' };
    }
    return { stream, role: record['action'] === 'snapshot' ? 'snapshot' : 'delta' };
  },

  streamsOfAck(frame) {
    const target = arg(frame);
    return asRecord(frame)?.['event'] === 'subscribe' && target
      ? [okxStream(target.channel, target.instId)]
      : [];
  },

  slotRule,

  bookFamily: (stream) => `${stream.symbol}:book`,

  applyToBook(book, frame, role) {
    const data = firstData(frame);
    if (!data) {
      return;
    }
    if (role === 'snapshot') {
      book.clear();
    }
    for (const level of readLevels(data['bids'])) book.bids.apply(toLevel(level));
    for (const level of readLevels(data['asks'])) book.asks.apply(toLevel(level));
    const ts = asString(data['ts']);
    const seqId = data['seqId'];
    book.meta = {
      ...(ts && /^\d+$/.test(ts) ? { timeUs: Number(ts) * 1000 } : {}),
      ...(typeof seqId === 'number' ? { seq: seqId } : {}),
    };
  },

  continuityId(frame) {
    const prev = firstData(frame)?.['prevSeqId'];
    return typeof prev === 'number' && prev >= 0 ? prev : undefined;
  },

  checksum: {
    recorded: (frame) => {
      const value = firstData(frame)?.['checksum'];
      return typeof value === 'number' ? value : undefined;
    },
    compute: okxChecksum,
  },

  renderSnapshot(stream, book, shift) {
    const depth = stream.depth ?? 400;
    return JSON.stringify({
      arg: { channel: stream.channel, instId: stream.symbol },
      action: 'snapshot',
      data: [
        {
          asks: quads(book.asks.top(depth)),
          bids: quads(book.bids.top(depth)),
          ts: formatTime(shiftedTimeUs(book, shift), 'ms'),
          checksum: okxChecksum(book),
          ...counters(book, shift, stream.symbol, undefined),
        },
      ],
    });
  },

  renderDelta(stream, changes, book, shift, context: DeltaContext) {
    return JSON.stringify({
      arg: { channel: stream.channel, instId: stream.symbol },
      action: 'update',
      data: [
        {
          asks: quads(changes.asks),
          bids: quads(changes.bids),
          ts: formatTime(shiftedTimeUs(book, shift), 'ms'),
          checksum: okxChecksum(book),
          ...counters(book, shift, stream.symbol, context.prevSeq ?? book.meta.seq),
        },
      ],
    });
  },

  latestOnSubscribe: (stream) => stream.channel === 'trades' || stream.channel === 'tickers',

  renderTrade(stream, trade: TradeSpec, shift) {
    return JSON.stringify({
      arg: { channel: 'trades', instId: stream.symbol },
      data: [
        {
          instId: stream.symbol,
          tradeId: String(trade.id + shift.idOffset(`${stream.symbol}:trade`)),
          px: trade.price,
          sz: trade.size,
          side: trade.side,
          ts: formatTime(trade.timeUs + shift.seconds * 1_000_000, 'ms'),
        },
      ],
    });
  },
};
