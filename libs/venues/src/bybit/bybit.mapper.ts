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

// Bybit v5 public streams: `{"topic", "type", "ts", "data"}`. Carried: `orderbook.{depth}.{symbol}`
// (`snapshot` then `delta`, with update id `u` and cross sequence `seq`) and
// `publicTrade.{symbol}` (a list of trades). Control answers carry `op` (and `success`).

const BOOK_TOPIC = /^orderbook\.([0-9]+)\.(.+)$/;

export class BybitMapper implements VenueMapper {
  readonly venue = 'bybit' as const;

  constructor(
    private readonly context: MapperContext,
    private readonly markets: MarketResolver,
  ) {}

  map(frame: string, receiveTimeUs: number): MapResult {
    return guardMapping('bybit', frame, () => {
      const message = parseJson(frame);
      if (!isObject(message)) return fault('unknown_message', 'expected a JSON object');
      const topic = message['topic'];
      if (typeof topic !== 'string') return this.control(message);
      if (topic.startsWith('orderbook.')) return this.book(message, topic, receiveTimeUs);
      if (topic.startsWith('publicTrade.')) return this.trades(message, receiveTimeUs);
      if (
        /^(tickers|kline|liquidation|allLiquidation|lt|insurance|priceLimit|orderbook_rpi)\b/.test(
          topic,
        )
      ) {
        return ignored('unsupported_channel', topic);
      }
      return fault('unknown_message', `unknown topic ${JSON.stringify(topic)}`, 'topic');
    });
  }

  private book(message: JsonObject, topic: string, receiveTimeUs: number): MapResult {
    const match = BOOK_TOPIC.exec(topic);
    if (!match)
      return fault('unexpected_shape', `bad orderbook topic ${JSON.stringify(topic)}`, 'topic');
    const type = message['type'];
    if (type !== 'snapshot' && type !== 'delta') {
      fault(
        'unexpected_shape',
        `expected type "snapshot" or "delta", got ${JSON.stringify(type)}`,
        'type',
      );
    }
    const data = object(message['data'], 'data');
    const symbol = text(data['s'], 'data.s');
    const base = {
      v: 1 as const,
      venue: 'bybit' as const,
      symbol,
      market: this.markets.marketFor(symbol, 'data.s'),
      exchangeTimeUs: millis(message['ts'], 'ts'),
      receiveTimeUs,
    };
    const ids =
      data['seq'] === undefined
        ? { lastUpdateId: safeInt(data['u'], 'data.u') }
        : { seqId: safeInt(data['seq'], 'data.seq'), lastUpdateId: safeInt(data['u'], 'data.u') };
    const local = { system: this.context.system, ingesterId: this.context.ingesterId };
    const bids = levels(data['b'], 'data.b');
    const asks = levels(data['a'], 'data.a');
    const envelope: Envelope =
      type === 'snapshot'
        ? {
            ...base,
            type: 'book_snapshot',
            ...ids,
            ...local,
            payload: { depth: Number(match[1]), bids, asks },
          }
        : { ...base, type: 'book_delta', ...ids, ...local, payload: { bids, asks } };
    return mapped([envelope]);
  }

  private trades(message: JsonObject, receiveTimeUs: number): MapResult {
    const items = nonEmptyArray(message['data'], 'data');
    const events: Envelope[] = new Array<Envelope>(items.length);
    for (let i = 0; i < items.length; i++) {
      const at = `data[${i}]`;
      const trade = object(items[i], at);
      const symbol = text(trade['s'], `${at}.s`);
      const side = trade['S'];
      if (side !== 'Buy' && side !== 'Sell') {
        fault(
          'unexpected_shape',
          `expected S "Buy" or "Sell", got ${JSON.stringify(side)}`,
          `${at}.S`,
        );
      }
      events[i] = {
        v: 1,
        venue: 'bybit',
        symbol,
        market: this.markets.marketFor(symbol, `${at}.s`),
        type: 'trade',
        exchangeTimeUs: millis(trade['T'], `${at}.T`),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        // `S` is the taker's side.
        payload: {
          price: decimal(trade['p'], `${at}.p`),
          size: decimal(trade['v'], `${at}.v`),
          side: side === 'Buy' ? 'buy' : 'sell',
          tradeId: tradeId(trade['i'], `${at}.i`),
        },
      };
    }
    return mapped(events);
  }

  private control(message: JsonObject): MapResult {
    const op = message['op'];
    if (op === 'pong' || (op === 'ping' && message['ret_msg'] === 'pong')) return ignored('pong');
    if (op === 'subscribe' || op === 'unsubscribe') {
      return message['success'] === false
        ? ignored('venue_error', String(message['ret_msg']))
        : ignored('subscription_ack');
    }
    if (message['success'] === false) return ignored('venue_error', String(message['ret_msg']));
    return fault('unknown_message', `no topic and unknown op ${JSON.stringify(op)}`, 'op');
  }
}
