import { secondsTextToMicros } from '@tickline/domain';

import { krakenChecksum } from '../book/book-checksum.util';
import type { Level } from '../book/book-side';
import type { BookState } from '../book/book-state';
import { formatTime, shiftTimeText } from '../time/time-format.util';
import type { FrameShift, SlotKind } from '../time/frame-slots.util';
import {
  asRecord,
  readLevels,
  shiftedTimeUs,
  type ClassifiedFrame,
  type StreamInfo,
  type TradeSpec,
  type VenueCodec,
} from './venue-codec';

/** Depths Kraken WS v1 accepts for `book`. */
export const KRAKEN_BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;

export function krakenStreamKey(channelName: string, pair: string): string {
  return `${channelName}:${pair}`;
}

function streamOf(frame: unknown[]): StreamInfo | undefined {
  const pair = frame[frame.length - 1];
  const channelName = frame[frame.length - 2];
  const channelId = frame[0];
  if (
    typeof pair !== 'string' ||
    typeof channelName !== 'string' ||
    typeof channelId !== 'number'
  ) {
    return undefined;
  }
  const depth = /^book-(\d+)$/.exec(channelName)?.[1];
  if (depth !== undefined) {
    return {
      key: krakenStreamKey(channelName, pair),
      symbol: pair,
      channel: 'book',
      kind: 'book',
      channelId,
      depth: Number(depth),
    };
  }
  return {
    key: krakenStreamKey(channelName, pair),
    symbol: pair,
    channel: channelName,
    kind: channelName === 'trade' ? 'trade' : 'other',
    channelId,
  };
}

const LEVEL_TIME = /^\d+\.(as|bs|a|b)\.\d+\.2$/;
const TRADE_TIME = /^1\.\d+\.2$/;

function slotRule(path: string, frame: unknown): SlotKind | undefined {
  if (!Array.isArray(frame)) {
    return undefined;
  }
  const channelName = frame[frame.length - 2];
  if (typeof channelName === 'string' && channelName.startsWith('book-') && LEVEL_TIME.test(path)) {
    return { kind: 'time', format: 'sFrac' };
  }
  if (channelName === 'trade' && TRADE_TIME.test(path)) {
    return { kind: 'time', format: 'sFrac' };
  }
  return undefined;
}

function levelTimeUs(level: Level): number | undefined {
  const time = level.extra?.[0];
  if (time === undefined) {
    return undefined;
  }
  try {
    return secondsTextToMicros(time);
  } catch {
    return undefined;
  }
}

function applySide(book: BookState, side: 'bid' | 'ask', value: unknown): void {
  for (const parsed of readLevels(value)) {
    // Kraken marks republished levels with a fourth element "r"; the book keeps only the time.
    const level: Level = {
      price: parsed.price,
      size: parsed.size,
      extra: parsed.extra?.slice(0, 1) ?? [],
    };
    book.side(side).apply(level);
    const timeUs = levelTimeUs(level);
    if (timeUs !== undefined && timeUs > (book.meta.timeUs ?? 0)) {
      book.meta.timeUs = timeUs;
    }
  }
}

function shiftedLevels(levels: readonly Level[], shift: FrameShift): string[][] {
  return levels.map((level) => [
    level.price,
    level.size,
    shiftTimeText(level.extra?.[0] ?? '0.000000', 'sFrac', shift.seconds),
  ]);
}

function bookObjects(frame: unknown[]): Record<string, unknown>[] {
  return frame
    .slice(1, -2)
    .map((item) => asRecord(item))
    .filter((item): item is Record<string, unknown> => item !== undefined);
}

/** Kraken WS v1 array frames `[channelID, payload..., channelName, pair]`. */
export const krakenCodec: VenueCodec = {
  venue: 'kraken',
  timeStepUs: 1,

  classify(frame): ClassifiedFrame | undefined {
    if (!Array.isArray(frame) || frame.length < 4) {
      return undefined;
    }
    const stream = streamOf(frame);
    if (!stream) {
      return undefined;
    }
    if (stream.kind !== 'book') {
      return { stream, role: 'data' };
    }
    const snapshot = bookObjects(frame).some((item) => 'as' in item || 'bs' in item);
    return { stream, role: snapshot ? 'snapshot' : 'delta' };
  },

  streamsOfAck(frame) {
    const record = asRecord(frame);
    const pair = record?.['pair'];
    const channelName = record?.['channelName'];
    const channelId = record?.['channelID'];
    if (
      record?.['event'] !== 'subscriptionStatus' ||
      record['status'] !== 'subscribed' ||
      typeof pair !== 'string' ||
      typeof channelName !== 'string' ||
      typeof channelId !== 'number'
    ) {
      return [];
    }
    const stream = streamOf([channelId, channelName, pair]);
    return stream ? [stream] : [];
  },

  slotRule,

  bookFamily: () => undefined,

  applyToBook(book, frame, role) {
    if (!Array.isArray(frame)) {
      return;
    }
    if (role === 'snapshot') {
      book.clear();
      book.meta = {};
    }
    // Updates are applied in array order, never sorted by time (Kraken's rule for checksums).
    for (const item of bookObjects(frame)) {
      applySide(book, 'ask', item['as'] ?? item['a']);
      applySide(book, 'bid', item['bs'] ?? item['b']);
    }
  },

  checksum: {
    recorded(frame) {
      if (!Array.isArray(frame)) {
        return undefined;
      }
      const withChecksum = bookObjects(frame).find((item) => typeof item['c'] === 'string');
      return withChecksum?.['c'] as string | undefined;
    },
    compute: krakenChecksum,
  },

  renderSnapshot(stream, book, shift) {
    const depth = stream.depth ?? 10;
    return JSON.stringify([
      stream.channelId ?? 0,
      {
        as: shiftedLevels(book.asks.top(depth), shift),
        bs: shiftedLevels(book.bids.top(depth), shift),
      },
      `book-${depth}`,
      stream.symbol,
    ]);
  },

  renderDelta(stream, changes, book, shift) {
    const time = formatTime(shiftedTimeUs(book, shift), 'sFrac');
    const stamp = (levels: readonly Level[]) =>
      levels.map((level) => [level.price, level.size, time]);
    const checksum = krakenChecksum(book);
    const objects: Record<string, unknown>[] = [];
    if (changes.asks.length > 0) {
      objects.push({ a: stamp(changes.asks) });
    }
    if (changes.bids.length > 0 || objects.length === 0) {
      objects.push({ b: stamp(changes.bids) });
    }
    (objects[objects.length - 1] as Record<string, unknown>)['c'] = checksum;
    return JSON.stringify([
      stream.channelId ?? 0,
      ...objects,
      `book-${stream.depth ?? 10}`,
      stream.symbol,
    ]);
  },

  renderTrade(stream, trade: TradeSpec, shift) {
    return JSON.stringify([
      stream.channelId ?? 0,
      [
        [
          trade.price,
          trade.size,
          formatTime(trade.timeUs + shift.seconds * 1_000_000, 'sFrac'),
          trade.side === 'buy' ? 'b' : 's',
          'l',
          '',
        ],
      ],
      'trade',
      stream.symbol,
    ]);
  },
};
