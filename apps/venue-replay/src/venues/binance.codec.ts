import type { BookChanges, BookState } from '../book/book-state';
import { formatTime } from '../time/time-format.util';
import type { SlotKind } from '../time/frame-slots.util';
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

/** Binance spot REST depth `limit`: default 100, at most 5000. */
export const BINANCE_DEPTH_LIMIT_DEFAULT = 100;
export const BINANCE_DEPTH_LIMIT_MAX = 5000;

interface BinanceEnvelope {
  stream: string;
  data: Record<string, unknown>;
}

function envelope(frame: unknown): BinanceEnvelope | undefined {
  const record = asRecord(frame);
  const stream = asString(record?.['stream']);
  const data = asRecord(record?.['data']);
  return stream && data ? { stream, data } : undefined;
}

function channelOf(stream: string): string {
  return stream.slice(stream.indexOf('@') + 1);
}

function streamOfName(name: string): StreamInfo | undefined {
  const at = name.indexOf('@');
  if (at <= 0) {
    return undefined;
  }
  const channel = name.slice(at + 1);
  const kind =
    channel.startsWith('depth') && !/^depth\d/.test(channel)
      ? 'book'
      : channel === 'trade' || channel === 'aggTrade'
        ? 'trade'
        : 'other';
  return { key: name, symbol: name.slice(0, at).toUpperCase(), channel, kind };
}

function streamInfo(stream: string, data: Record<string, unknown>): StreamInfo {
  const event = asString(data['e']);
  const symbol = asString(data['s']) ?? stream.slice(0, stream.indexOf('@')).toUpperCase();
  const kind =
    event === 'depthUpdate'
      ? 'book'
      : event === 'trade' || event === 'aggTrade'
        ? 'trade'
        : 'other';
  return { key: stream, symbol, channel: channelOf(stream), kind };
}

const TIME: SlotKind = { kind: 'time', format: 'ms' };

function slotRule(path: string, frame: unknown): SlotKind | undefined {
  if (!path.startsWith('data.')) {
    return undefined;
  }
  const data = envelope(frame)?.data;
  if (!data) {
    return undefined;
  }
  const symbol = asString(data['s']) ?? asString(asRecord(data['k'])?.['s']) ?? '';
  const event = asString(data['e']);
  const field = path.slice(5);
  if (field === 'E') {
    return TIME;
  }
  switch (event) {
    case 'depthUpdate':
      return field === 'U' || field === 'u' ? { kind: 'id', family: `${symbol}:book` } : undefined;
    case 'aggTrade':
      if (field === 'T') return TIME;
      if (field === 'a') return { kind: 'id', family: `${symbol}:agg` };
      return field === 'f' || field === 'l' ? { kind: 'id', family: `${symbol}:trade` } : undefined;
    case 'trade':
      if (field === 'T') return TIME;
      if (field === 't') return { kind: 'id', family: `${symbol}:trade` };
      return field === 'b' || field === 'a' ? { kind: 'id', family: `${symbol}:order` } : undefined;
    case 'kline':
      if (field === 'k.t' || field === 'k.T') return TIME;
      return field === 'k.f' || field === 'k.L'
        ? { kind: 'id', family: `${symbol}:trade` }
        : undefined;
    case undefined:
      // bookTicker carries no event type; its `u` counts with the depth stream's update ids.
      return field === 'u' && 'b' in data && 'B' in data
        ? { kind: 'id', family: `${symbol}:book` }
        : undefined;
    default:
      return undefined;
  }
}

function applyLevels(book: BookState, bids: unknown, asks: unknown): void {
  for (const level of readLevels(bids)) {
    book.bids.apply(level);
  }
  for (const level of readLevels(asks)) {
    book.asks.apply(level);
  }
}

function pairs(levels: BookChanges['bids']): string[][] {
  return levels.map((level) => [level.price, level.size]);
}

/** Binance spot: combined-stream frames `{"stream","data"}`, REST `/api/v3/depth`. */
export const binanceCodec: VenueCodec = {
  venue: 'binance',
  timeStepUs: 1000,

  classify(frame): ClassifiedFrame | undefined {
    const env = envelope(frame);
    if (!env) {
      return undefined;
    }
    const stream = streamInfo(env.stream, env.data);
    return { stream, role: stream.kind === 'book' ? 'delta' : 'data' };
  },

  streamsOfUrl(url) {
    const names = (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);
    return names.map(streamOfName).filter((stream): stream is StreamInfo => stream !== undefined);
  },

  classifyRest(url, streams) {
    if (!url.pathname.endsWith('/api/v3/depth')) {
      return undefined;
    }
    const symbol = url.searchParams.get('symbol')?.toUpperCase();
    const books = streams.filter((stream) => stream.kind === 'book' && stream.symbol === symbol);
    return books.find((stream) => stream.channel === 'depth@100ms') ?? books[0];
  },

  slotRule,

  bookFamily: (stream) => `${stream.symbol}:book`,

  applyToBook(book, frame, role) {
    if (role === 'rest') {
      const body = asRecord(frame) ?? {};
      book.clear();
      applyLevels(book, body['bids'], body['asks']);
      book.meta = { seq: Number(body['lastUpdateId']) };
      return;
    }
    const data = envelope(frame)?.data;
    if (!data) {
      return;
    }
    applyLevels(book, data['b'], data['a']);
    book.meta = { seq: Number(data['u']), timeUs: Number(data['E']) * 1000 };
  },

  coveredByBaseline(baseline, frame) {
    const u = Number(envelope(frame)?.data['u']);
    return baseline.meta.seq !== undefined && u <= baseline.meta.seq;
  },

  continuityId(frame) {
    const first = Number(envelope(frame)?.data['U']);
    return Number.isFinite(first) ? first - 1 : undefined;
  },

  renderRest(stream, book, shift, query) {
    const requested = Number(query.get('limit') ?? BINANCE_DEPTH_LIMIT_DEFAULT);
    const limit = Math.min(Math.max(1, Math.trunc(requested) || 1), BINANCE_DEPTH_LIMIT_MAX);
    return JSON.stringify({
      lastUpdateId: (book.meta.seq ?? 0) + shift.idOffset(`${stream.symbol}:book`),
      bids: pairs(book.bids.top(limit)),
      asks: pairs(book.asks.top(limit)),
    });
  },

  renderDelta(stream, changes, book, shift, context: DeltaContext) {
    const offset = shift.idOffset(`${stream.symbol}:book`);
    const last = (book.meta.seq ?? 0) + offset;
    return JSON.stringify({
      stream: stream.key,
      data: {
        e: 'depthUpdate',
        E: Number(formatTime(shiftedTimeUs(book, shift), 'ms')),
        s: stream.symbol,
        U: context.firstSeq === undefined ? last : context.firstSeq + offset,
        u: last,
        b: pairs(changes.bids),
        a: pairs(changes.asks),
      },
    });
  },

  renderTrade(stream, trade: TradeSpec, shift) {
    const timeMs = Number(formatTime(trade.timeUs + shift.seconds * 1_000_000, 'ms'));
    const id = trade.id + shift.idOffset(`${stream.symbol}:trade`);
    // The buyer is the market maker when the taker sold.
    const m = trade.side === 'sell';
    const data =
      stream.channel === 'aggTrade'
        ? {
            e: 'aggTrade',
            E: timeMs,
            s: stream.symbol,
            a: trade.id + shift.idOffset(`${stream.symbol}:agg`),
            p: trade.price,
            q: trade.size,
            f: id,
            l: id,
            T: timeMs,
            m,
            M: true,
          }
        : {
            e: 'trade',
            E: timeMs,
            s: stream.symbol,
            t: id,
            p: trade.price,
            q: trade.size,
            T: timeMs,
            m,
            M: true,
          };
    return JSON.stringify({ stream: stream.key, data });
  },
};
