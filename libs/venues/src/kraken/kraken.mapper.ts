import type { BookLevel, Envelope } from '@tickline/domain';

import {
  array,
  decimal,
  digitsInt,
  fault,
  guardMapping,
  isObject,
  type JsonObject,
  parseJson,
  secondsText,
  text,
} from '../core/frame-fields.util';
import { ignored, mapped, type MapResult } from '../core/map-result.type';
import type { MarketResolver } from '../core/market-resolver.util';
import type { MapperContext, VenueMapper } from '../core/venue-adapter.interface';

// Kraken WS v1. Data frames are arrays `[channelID, payload..., channelName, pair]`:
//   trade:    [id, [[price, volume, time, side, orderType, misc], ...], "trade", pair]
//   book-N:   [id, {"as": [...], "bs": [...]}, "book-N", pair]               (snapshot)
//             [id, {"a": [...]}, {"b": [...], "c": "crc"}, "book-N", pair]   (update; a, b or both)
// Levels are [price, volume, "seconds.micros"(, "r" for a republish)]. Control frames are
// objects with an `event` field.

const UINT32_MAX = 4_294_967_295;

interface SideRead {
  readonly levels: BookLevel[];
  /** Latest level timestamp (µs), or 0 when the side is empty. */
  readonly latestUs: number;
}

function readSide(value: unknown, path: string): SideRead {
  const raw = array(value, path);
  const out: BookLevel[] = new Array<BookLevel>(raw.length);
  let latestUs = 0;
  for (let i = 0; i < raw.length; i++) {
    const level = raw[i];
    if (!Array.isArray(level) || level.length < 3) {
      fault('unexpected_shape', 'expected a [price, volume, timestamp] level', `${path}[${i}]`);
    }
    out[i] = [decimal(level[0], `${path}[${i}][0]`), decimal(level[1], `${path}[${i}][1]`)];
    const us = secondsText(level[2], `${path}[${i}][2]`);
    if (us > latestUs) latestUs = us;
  }
  return { levels: out, latestUs };
}

export class KrakenMapper implements VenueMapper {
  readonly venue = 'kraken' as const;

  constructor(
    private readonly context: MapperContext,
    private readonly markets: MarketResolver,
  ) {}

  map(frame: string, receiveTimeUs: number): MapResult {
    return guardMapping('kraken', frame, () => {
      const message = parseJson(frame);
      if (Array.isArray(message)) return this.data(message, receiveTimeUs);
      if (isObject(message)) return this.control(message);
      return fault('unknown_message', 'expected a JSON array or object');
    });
  }

  private data(message: unknown[], receiveTimeUs: number): MapResult {
    if (message.length < 4)
      fault('unexpected_shape', 'expected [channelID, payload, channelName, pair]');
    const channelName = text(message[message.length - 2], `[${message.length - 2}]`);
    const pair = text(message[message.length - 1], `[${message.length - 1}]`);
    if (channelName === 'trade') return this.trades(message[1], pair, receiveTimeUs);
    if (channelName.startsWith('book-'))
      return this.book(message, channelName, pair, receiveTimeUs);
    if (/^(ticker|spread|ohlc-\d+)$/.test(channelName))
      return ignored('unsupported_channel', channelName);
    return fault('unknown_message', `unknown channel ${JSON.stringify(channelName)}`);
  }

  private trades(payload: unknown, pair: string, receiveTimeUs: number): MapResult {
    const trades = array(payload, '[1]');
    if (trades.length === 0) fault('unexpected_shape', 'a trade frame without trades', '[1]');
    const market = this.markets.marketFor(pair, 'pair');
    const events: Envelope[] = new Array<Envelope>(trades.length);
    for (let i = 0; i < trades.length; i++) {
      const trade = trades[i];
      if (!Array.isArray(trade) || trade.length < 4) {
        fault('unexpected_shape', 'expected [price, volume, time, side, ...]', `[1][${i}]`);
      }
      const side = trade[3];
      if (side !== 'b' && side !== 's') {
        fault(
          'unexpected_shape',
          `expected side "b" or "s", got ${JSON.stringify(side)}`,
          `[1][${i}][3]`,
        );
      }
      events[i] = {
        v: 1,
        venue: 'kraken',
        symbol: pair,
        market,
        type: 'trade',
        exchangeTimeUs: secondsText(trade[2], `[1][${i}][2]`),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        // The side is the taker's ("triggering order side"). WS v1 trades carry no trade id.
        payload: {
          price: decimal(trade[0], `[1][${i}][0]`),
          size: decimal(trade[1], `[1][${i}][1]`),
          side: side === 'b' ? 'buy' : 'sell',
        },
      };
    }
    return mapped(events);
  }

  private book(
    message: unknown[],
    channelName: string,
    pair: string,
    receiveTimeUs: number,
  ): MapResult {
    const depth = Number(channelName.slice('book-'.length));
    if (!Number.isInteger(depth) || depth < 1)
      fault('unexpected_shape', `bad book channel ${channelName}`);
    const market = this.markets.marketFor(pair, 'pair');
    const first = message[1];
    if (isObject(first) && (first['as'] !== undefined || first['bs'] !== undefined)) {
      const asks = readSide(first['as'] ?? [], '[1].as');
      const bids = readSide(first['bs'] ?? [], '[1].bs');
      const latestUs = Math.max(asks.latestUs, bids.latestUs);
      return mapped([
        {
          v: 1,
          venue: 'kraken',
          symbol: pair,
          market,
          type: 'book_snapshot',
          // The snapshot has no time of its own: its newest level's time is when it was last
          // true, and it keeps snapshot-then-updates order by exchange time.
          exchangeTimeUs: latestUs > 0 ? latestUs : receiveTimeUs,
          receiveTimeUs,
          system: this.context.system,
          ingesterId: this.context.ingesterId,
          payload: { depth, bids: bids.levels, asks: asks.levels },
        },
      ]);
    }
    // An update: one or two objects between the channel id and the channel name.
    let asks: BookLevel[] = [];
    let bids: BookLevel[] = [];
    let latestUs = 0;
    let checksum: number | undefined;
    for (let i = 1; i < message.length - 2; i++) {
      const part = message[i];
      if (!isObject(part)) fault('unexpected_shape', 'expected a book update object', `[${i}]`);
      const update = part as JsonObject;
      if (update['a'] !== undefined) {
        const side = readSide(update['a'], `[${i}].a`);
        asks = asks.length === 0 ? side.levels : asks.concat(side.levels);
        if (side.latestUs > latestUs) latestUs = side.latestUs;
      }
      if (update['b'] !== undefined) {
        const side = readSide(update['b'], `[${i}].b`);
        bids = bids.length === 0 ? side.levels : bids.concat(side.levels);
        if (side.latestUs > latestUs) latestUs = side.latestUs;
      }
      if (update['c'] !== undefined) checksum = digitsInt(update['c'], `[${i}].c`, UINT32_MAX);
    }
    if (latestUs === 0) fault('unexpected_shape', 'a book update without levels');
    const envelope: Envelope =
      checksum === undefined
        ? {
            v: 1,
            venue: 'kraken',
            symbol: pair,
            market,
            type: 'book_delta',
            exchangeTimeUs: latestUs,
            receiveTimeUs,
            system: this.context.system,
            ingesterId: this.context.ingesterId,
            payload: { bids, asks },
          }
        : {
            v: 1,
            venue: 'kraken',
            symbol: pair,
            market,
            type: 'book_delta',
            exchangeTimeUs: latestUs,
            receiveTimeUs,
            checksum,
            system: this.context.system,
            ingesterId: this.context.ingesterId,
            payload: { bids, asks },
          };
    return mapped([envelope]);
  }

  private control(message: JsonObject): MapResult {
    switch (message['event']) {
      case 'heartbeat':
        return ignored('heartbeat');
      case 'pong':
        return ignored('pong');
      case 'systemStatus':
        return ignored('status', String(message['status']));
      case 'subscriptionStatus':
        return message['status'] === 'error'
          ? ignored(
              'venue_error',
              `${String(message['pair'] ?? '')} ${String(message['errorMessage'])}`.trim(),
            )
          : ignored(
              'subscription_ack',
              `${String(message['status'])} ${String(message['channelName'] ?? '')} ${String(message['pair'] ?? '')}`.trim(),
            );
      case 'error':
        return ignored('venue_error', String(message['errorMessage']));
      default:
        return fault(
          'unknown_message',
          `unknown event ${JSON.stringify(message['event'])}`,
          'event',
        );
    }
  }
}
