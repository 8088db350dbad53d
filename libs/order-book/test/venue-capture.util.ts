import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { BookLevel } from '@tickline/domain';

import type { MarketBookUpdate } from '../src';

// Reads the bundled venue captures just far enough to replay their book channels: each received
// line's JSON frame mapped to a book event with the venue's own checksum. The captures live in
// the shared fixtures folder beside the repository (`../shared/fixtures/venues`).

export const CAPTURES_DIR = path.resolve(__dirname, '../../../../shared/fixtures/venues');

function receivedFrames(file: string): unknown[] {
  const location = path.join(CAPTURES_DIR, file);
  if (!existsSync(location)) {
    throw new Error(
      `Venue capture ${file} not found in ${CAPTURES_DIR}; the shared fixtures folder must sit beside the repository`,
    );
  }
  const frames: unknown[] = [];
  for (const line of readFileSync(location, 'utf8').split('\n')) {
    // Received frames are "<seconds>: <json>"; connection and subscribe lines start with a URL.
    const colon = line.indexOf(': ');
    if (colon < 0 || !/^[0-9]/.test(line)) continue;
    frames.push(JSON.parse(line.slice(colon + 2)));
  }
  return frames;
}

type RawLevel = readonly string[];
const levels = (raw: readonly RawLevel[] | undefined): BookLevel[] =>
  (raw ?? []).map((level) => [level[0] as string, level[1] as string]);

/**
 * Kraken WS v1 `book-*` frames: `[channelId, {as, bs}, "book-1000", pair]` for a snapshot and
 * `[channelId, {a}|{b}, ({b},)? "book-1000", pair]` for an update, whose last object carries the
 * CRC32 `c` (unsigned, as text). Levels within a frame are kept in array order.
 */
export function krakenBookEvents(file = 'KRAKEN.ws.50.0'): MarketBookUpdate[] {
  const events: MarketBookUpdate[] = [];
  for (const frame of receivedFrames(file)) {
    if (!Array.isArray(frame) || frame.length < 4) continue;
    const channel = frame[frame.length - 2];
    const pair = frame[frame.length - 1] as string;
    if (typeof channel !== 'string' || !channel.startsWith('book-')) continue;
    const parts = frame.slice(1, -2) as Record<string, readonly RawLevel[] | string | undefined>[];
    const first = parts[0] ?? {};
    const base = { venue: 'kraken' as const, symbol: pair, exchangeTimeUs: 0 };
    if ('as' in first || 'bs' in first) {
      const snapshot = first as Record<string, readonly RawLevel[]>;
      events.push({
        ...base,
        type: 'book_snapshot',
        payload: { bids: levels(snapshot['bs']), asks: levels(snapshot['as']) },
      });
      continue;
    }
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    let checksum: number | undefined;
    for (const part of parts) {
      bids.push(...levels(part['b'] as readonly RawLevel[] | undefined));
      asks.push(...levels(part['a'] as readonly RawLevel[] | undefined));
      if (typeof part['c'] === 'string') checksum = Number(part['c']);
    }
    events.push({ ...base, type: 'book_delta', checksum, payload: { bids, asks } });
  }
  return events;
}

/** OKX v5 `books` frames: `{arg: {channel, instId}, action, data: [{bids, asks, checksum}]}`. */
export function okxBookEvents(file = 'OKX.ws.1.0'): MarketBookUpdate[] {
  const events: MarketBookUpdate[] = [];
  for (const frame of receivedFrames(file)) {
    const message = frame as {
      arg?: { channel?: string; instId?: string };
      action?: string;
      data?: { bids?: RawLevel[]; asks?: RawLevel[]; checksum?: number }[];
    };
    if (message.arg?.channel !== 'books' || !message.data || !message.arg.instId) continue;
    for (const data of message.data) {
      events.push({
        venue: 'okx',
        symbol: message.arg.instId,
        exchangeTimeUs: 0,
        type: message.action === 'snapshot' ? 'book_snapshot' : 'book_delta',
        checksum: data.checksum,
        payload: { bids: levels(data.bids), asks: levels(data.asks) },
      });
    }
  }
  return events;
}
