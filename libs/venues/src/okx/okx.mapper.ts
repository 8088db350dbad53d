import type { Envelope } from '@tickline/domain';

import {
  decimal,
  fault,
  guardMapping,
  isObject,
  type JsonObject,
  levels,
  millis,
  nonEmptyArray,
  object,
  parseJson,
  safeInt,
  text,
  tradeId,
} from '../core/frame-fields.util';
import { ignored, mapped, type MapResult } from '../core/map-result.type';
import type { MarketResolver } from '../core/market-resolver.util';
import type { MapperContext, VenueMapper } from '../core/venue-adapter.interface';
import { OKX_BOOK_CHANNEL_DEPTHS, type OkxBookChannel } from './okx.options';

// OKX v5 public channels: `{"arg": {channel, instId}, "action"?, "data": [...]}`. Carried:
// `books` / `books-l2-tbt` / `books50-l2-tbt` (action `snapshot` then `update`, levels
// `[px, sz, "0", numOrders]`, `checksum`, and since 2023 `seqId`/`prevSeqId`) and
// `trades` / `trades-all`. Control frames have an `event`; the heartbeat answer is the bare
// text "pong".

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

function signedChecksum(value: unknown, path: string): number {
  const n = safeInt(value, path);
  return n >= INT32_MIN && n <= INT32_MAX
    ? n
    : fault('invalid_number', `expected a signed 32-bit checksum, got ${n}`, path);
}

export class OkxMapper implements VenueMapper {
  readonly venue = 'okx' as const;

  constructor(
    private readonly context: MapperContext,
    private readonly markets: MarketResolver,
  ) {}

  map(frame: string, receiveTimeUs: number): MapResult {
    if (frame === 'pong') return ignored('pong');
    return guardMapping('okx', frame, () => {
      const message = parseJson(frame);
      if (!isObject(message)) return fault('unknown_message', 'expected a JSON object');
      if (message['event'] !== undefined) return this.control(message);
      const arg = object(message['arg'], 'arg');
      const channel = text(arg['channel'], 'arg.channel');
      if (channel in OKX_BOOK_CHANNEL_DEPTHS) {
        return this.book(message, channel as OkxBookChannel, receiveTimeUs);
      }
      if (channel === 'trades' || channel === 'trades-all')
        return this.trades(message, receiveTimeUs);
      return ignored('unsupported_channel', channel);
    });
  }

  private book(message: JsonObject, channel: OkxBookChannel, receiveTimeUs: number): MapResult {
    const action = message['action'];
    if (action !== 'snapshot' && action !== 'update') {
      fault(
        'unexpected_shape',
        `expected action "snapshot" or "update", got ${JSON.stringify(action)}`,
        'action',
      );
    }
    const instId = text(object(message['arg'], 'arg')['instId'], 'arg.instId');
    const market = this.markets.marketFor(instId, 'arg.instId');
    const items = nonEmptyArray(message['data'], 'data');
    const events: Envelope[] = new Array<Envelope>(items.length);
    for (let i = 0; i < items.length; i++) {
      const data = object(items[i], `data[${i}]`);
      const at = `data[${i}]`;
      const bids = levels(data['bids'], `${at}.bids`);
      const asks = levels(data['asks'], `${at}.asks`);
      const sequence: { seqId?: number; prevId?: number; checksum?: number } = {};
      if (data['seqId'] !== undefined) sequence.seqId = safeInt(data['seqId'], `${at}.seqId`);
      if (data['prevSeqId'] !== undefined)
        sequence.prevId = safeInt(data['prevSeqId'], `${at}.prevSeqId`);
      if (data['checksum'] !== undefined)
        sequence.checksum = signedChecksum(data['checksum'], `${at}.checksum`);
      const base = {
        v: 1 as const,
        venue: 'okx' as const,
        symbol: instId,
        market,
        exchangeTimeUs: millis(data['ts'], `${at}.ts`),
        receiveTimeUs,
      };
      const local = { system: this.context.system, ingesterId: this.context.ingesterId };
      events[i] =
        action === 'snapshot'
          ? {
              ...base,
              type: 'book_snapshot',
              ...sequence,
              ...local,
              payload: { depth: OKX_BOOK_CHANNEL_DEPTHS[channel], bids, asks },
            }
          : { ...base, type: 'book_delta', ...sequence, ...local, payload: { bids, asks } };
    }
    return mapped(events);
  }

  private trades(message: JsonObject, receiveTimeUs: number): MapResult {
    const items = nonEmptyArray(message['data'], 'data');
    const events: Envelope[] = new Array<Envelope>(items.length);
    for (let i = 0; i < items.length; i++) {
      const at = `data[${i}]`;
      const data = object(items[i], at);
      const instId = text(data['instId'], `${at}.instId`);
      const side = data['side'];
      if (side !== 'buy' && side !== 'sell') {
        fault(
          'unexpected_shape',
          `expected side "buy" or "sell", got ${JSON.stringify(side)}`,
          `${at}.side`,
        );
      }
      events[i] = {
        v: 1,
        venue: 'okx',
        symbol: instId,
        market: this.markets.marketFor(instId, `${at}.instId`),
        type: 'trade',
        exchangeTimeUs: millis(data['ts'], `${at}.ts`),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        // `side` is the taker's.
        payload: {
          price: decimal(data['px'], `${at}.px`),
          size: decimal(data['sz'], `${at}.sz`),
          side,
          tradeId: tradeId(data['tradeId'], `${at}.tradeId`),
        },
      };
    }
    return mapped(events);
  }

  private control(message: JsonObject): MapResult {
    switch (message['event']) {
      case 'subscribe':
      case 'unsubscribe':
        return ignored('subscription_ack');
      case 'error':
      case 'channel-conn-count-error':
        return ignored('venue_error', `${String(message['code'])} ${String(message['msg'])}`);
      case 'notice':
        // e.g. 64008: the connection will be closed for a service upgrade.
        return ignored('reconnect_request', `${String(message['code'])} ${String(message['msg'])}`);
      case 'channel-conn-count':
      case 'login':
        return ignored('status', String(message['event']));
      default:
        return fault(
          'unknown_message',
          `unknown event ${JSON.stringify(message['event'])}`,
          'event',
        );
    }
  }
}
