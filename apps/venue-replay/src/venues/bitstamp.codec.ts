import type { BookChanges, BookState } from '../book/book-state';
import { formatTime } from '../time/time-format.util';
import type { SlotKind } from '../time/frame-slots.util';
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

const CHANNEL =
  /^(diff_order_book|live_trades|order_book|live_orders|detail_order_book)_([a-z0-9]+)$/;

/** `diff_order_book_ethusd` -> stream info; undefined for channels that are not per pair. */
export function bitstampStream(channel: string): StreamInfo | undefined {
  const match = CHANNEL.exec(channel);
  if (!match) {
    return undefined;
  }
  const [, name, pair] = match as unknown as [string, string, string];
  const kind = name === 'diff_order_book' ? 'book' : name === 'live_trades' ? 'trade' : 'other';
  return { key: channel, symbol: pair, channel: name, kind };
}

function slotRule(path: string, frame: unknown): SlotKind | undefined {
  const record = asRecord(frame);
  const pair = bitstampStream(asString(record?.['channel']) ?? '')?.symbol ?? '';
  switch (path) {
    case 'data.timestamp':
      return { kind: 'time', format: 's' };
    case 'data.microtimestamp':
      return { kind: 'time', format: 'us' };
    case 'data.id':
      return { kind: 'id', family: `${pair}:trade` };
    case 'data.buy_order_id':
    case 'data.sell_order_id':
      return { kind: 'id', family: `${pair}:order` };
    default:
      return undefined;
  }
}

function pairs(levels: BookChanges['bids']): string[][] {
  return levels.map((level) => [level.price, level.size]);
}

function applyLevels(book: BookState, body: Record<string, unknown>): void {
  for (const level of readLevels(body['bids'])) book.bids.apply(level);
  for (const level of readLevels(body['asks'])) book.asks.apply(level);
  const micro = asString(body['microtimestamp']);
  if (micro !== undefined && /^\d+$/.test(micro)) {
    book.meta = { timeUs: Number(micro) };
  }
}

/** Bitstamp WS v2 (`diff_order_book_*`, `live_trades_*`) and REST `/api/v2/order_book/{pair}`. */
export const bitstampCodec: VenueCodec = {
  venue: 'bitstamp',
  timeStepUs: 1,

  classify(frame): ClassifiedFrame | undefined {
    const record = asRecord(frame);
    const stream = bitstampStream(asString(record?.['channel']) ?? '');
    if (!record || !stream || (record['event'] !== 'data' && record['event'] !== 'trade')) {
      return undefined;
    }
    return { stream, role: stream.kind === 'book' ? 'delta' : 'data' };
  },

  streamsOfAck(frame) {
    const record = asRecord(frame);
    const stream =
      record?.['event'] === 'bts:subscription_succeeded'
        ? bitstampStream(asString(record['channel']) ?? '')
        : undefined;
    return stream ? [stream] : [];
  },

  classifyRest(url, streams) {
    const pair = /\/api\/v2\/order_book\/([a-z0-9]+)\/?$/.exec(url.pathname)?.[1];
    if (pair === undefined) {
      return undefined;
    }
    return (
      streams.find((stream) => stream.kind === 'book' && stream.symbol === pair) ??
      bitstampStream(`diff_order_book_${pair}`)
    );
  },

  slotRule,

  bookFamily: () => undefined,

  applyToBook(book, frame, role) {
    const record = asRecord(frame) ?? {};
    if (role === 'rest') {
      book.clear();
      book.meta = {};
      applyLevels(book, record);
      return;
    }
    applyLevels(book, asRecord(record['data']) ?? {});
  },

  // The rule clients use (Bitstamp documents none): diffs at or before the snapshot's
  // microtimestamp are already in it.
  coveredByBaseline(baseline, frame) {
    const micro = Number(asString(asRecord(asRecord(frame)?.['data'])?.['microtimestamp']));
    return baseline.meta.timeUs !== undefined && micro <= baseline.meta.timeUs;
  },

  renderRest(_stream, book, shift) {
    const timeUs = shiftedTimeUs(book, shift);
    return JSON.stringify({
      timestamp: formatTime(timeUs, 's'),
      microtimestamp: formatTime(timeUs, 'us'),
      bids: pairs(book.bids.top()),
      asks: pairs(book.asks.top()),
    });
  },

  renderDelta(stream, changes, book, shift) {
    const timeUs = shiftedTimeUs(book, shift);
    return JSON.stringify({
      data: {
        timestamp: formatTime(timeUs, 's'),
        microtimestamp: formatTime(timeUs, 'us'),
        bids: pairs(changes.bids),
        asks: pairs(changes.asks),
      },
      channel: stream.key,
      event: 'data',
    });
  },

  renderTrade(stream, trade: TradeSpec, shift) {
    const timeUs = trade.timeUs + shift.seconds * 1_000_000;
    const order = (n: number) => trade.id * 2 + n + shift.idOffset(`${stream.symbol}:order`);
    return JSON.stringify({
      data: {
        id: trade.id + shift.idOffset(`${stream.symbol}:trade`),
        timestamp: formatTime(timeUs, 's'),
        amount: Number(trade.size),
        amount_str: trade.size,
        price: Number(trade.price),
        price_str: trade.price,
        type: trade.side === 'buy' ? 0 : 1,
        microtimestamp: formatTime(timeUs, 'us'),
        buy_order_id: order(0),
        sell_order_id: order(1),
      },
      channel: stream.key,
      event: 'trade',
    });
  },
};
