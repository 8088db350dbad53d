import { createHash } from 'node:crypto';

import { isoToMicros } from '@tickline/domain';

import type { BookChanges } from '../book/book-state';
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

/** Coinbase Exchange ws-feed channels the replay serves. */
export const COINBASE_CHANNELS = ['level2', 'matches', 'ticker'] as const;

function stream(channel: string, product: string): StreamInfo {
  const kind = channel === 'level2' ? 'book' : channel === 'matches' ? 'trade' : 'other';
  return { key: `${channel}:${product}`, symbol: product, channel, kind };
}

export function coinbaseStreamKey(channel: string, product: string): string {
  return `${channel}:${product}`;
}

function slotRule(path: string, frame: unknown): SlotKind | undefined {
  const product = asString(asRecord(frame)?.['product_id']) ?? '';
  switch (path) {
    case 'time':
      return { kind: 'time', format: 'iso' };
    case 'trade_id':
      return { kind: 'id', family: `${product}:trade` };
    case 'sequence':
      return { kind: 'id', family: `${product}:sequence` };
    default:
      return undefined;
  }
}

/** A stable UUID-shaped order id for synthetic matches. */
function orderId(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function pairs(levels: BookChanges['bids']): string[][] {
  return levels.map((level) => [level.price, level.size]);
}

/** Coinbase Exchange ws-feed (legacy `level2`, `matches`, `ticker`). */
export const coinbaseCodec: VenueCodec = {
  venue: 'coinbase',
  timeStepUs: 1,

  classify(frame): ClassifiedFrame | undefined {
    const record = asRecord(frame);
    const product = asString(record?.['product_id']);
    if (!record || !product) {
      return undefined;
    }
    switch (record['type']) {
      case 'snapshot':
        return { stream: stream('level2', product), role: 'snapshot' };
      case 'l2update':
        return { stream: stream('level2', product), role: 'delta' };
      case 'match':
        return { stream: stream('matches', product), role: 'data' };
      case 'last_match':
        return { stream: stream('matches', product), role: 'latest' };
      case 'ticker':
        return { stream: stream('ticker', product), role: 'data' };
      default:
        return undefined;
    }
  },

  streamsOfAck(frame) {
    const record = asRecord(frame);
    if (record?.['type'] !== 'subscriptions' || !Array.isArray(record['channels'])) {
      return [];
    }
    return record['channels'].flatMap((channel) => {
      const entry = asRecord(channel);
      const name = asString(entry?.['name']);
      const products = Array.isArray(entry?.['product_ids'])
        ? (entry['product_ids'] as unknown[])
        : [];
      if (!name || !(COINBASE_CHANNELS as readonly string[]).includes(name)) {
        return [];
      }
      return products
        .filter((id): id is string => typeof id === 'string')
        .map((id) => stream(name, id));
    });
  },

  slotRule,

  bookFamily: () => undefined,

  applyToBook(book, frame, role) {
    const record = asRecord(frame) ?? {};
    if (role === 'snapshot') {
      book.clear();
      for (const level of readLevels(record['bids'])) book.bids.apply(level);
      for (const level of readLevels(record['asks'])) book.asks.apply(level);
      return;
    }
    const changes = Array.isArray(record['changes']) ? record['changes'] : [];
    for (const change of changes) {
      if (Array.isArray(change) && typeof change[1] === 'string' && typeof change[2] === 'string') {
        (change[0] === 'buy' ? book.bids : book.asks).apply({ price: change[1], size: change[2] });
      }
    }
    const time = asString(record['time']);
    if (time) {
      try {
        book.meta = { timeUs: isoToMicros(time) };
      } catch {
        // A placeholder time (0001-01-01) leaves the book's clock where it was.
      }
    }
  },

  renderSnapshot(stream, book) {
    return JSON.stringify({
      type: 'snapshot',
      product_id: stream.symbol,
      asks: pairs(book.asks.top()),
      bids: pairs(book.bids.top()),
    });
  },

  renderDelta(stream, changes, book, shift: FrameShift) {
    return JSON.stringify({
      type: 'l2update',
      product_id: stream.symbol,
      changes: [
        ...changes.bids.map((level) => ['buy', level.price, level.size]),
        ...changes.asks.map((level) => ['sell', level.price, level.size]),
      ],
      time: formatTime(shiftedTimeUs(book, shift), 'iso'),
    });
  },

  renderTrade(stream, trade: TradeSpec, shift) {
    const id = trade.id + shift.idOffset(`${stream.symbol}:trade`);
    const sequence = (trade.sequence ?? trade.id) + shift.idOffset(`${stream.symbol}:sequence`);
    return JSON.stringify({
      type: 'match',
      trade_id: id,
      maker_order_id: orderId(`${stream.symbol}:${id}:maker`),
      taker_order_id: orderId(`${stream.symbol}:${id}:taker`),
      // Coinbase's `side` is the maker's side: a taker buy hits a resting sell.
      side: trade.side === 'buy' ? 'sell' : 'buy',
      size: trade.size,
      price: trade.price,
      product_id: stream.symbol,
      sequence,
      time: formatTime(trade.timeUs + shift.seconds * 1_000_000, 'iso'),
    });
  },

  latestOnSubscribe: (stream) => stream.channel === 'ticker',

  renderLatest(_stream, latestText) {
    return latestText.startsWith('{"type":"match"')
      ? `{"type":"last_match"${latestText.slice('{"type":"match"'.length)}`
      : latestText;
  },
};
