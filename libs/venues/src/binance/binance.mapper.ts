import type { Envelope } from '@tickline/domain';

import {
  bool,
  decimal,
  fault,
  guardMapping,
  isObject,
  type JsonObject,
  levels,
  millis,
  object,
  parseJson,
  safeInt,
  text,
  tradeId,
} from '../core/frame-fields.util';
import { ignored, mapped, type MapResult } from '../core/map-result.type';
import type { MarketResolver } from '../core/market-resolver.util';
import type { MapperContext, SnapshotRequest, VenueMapper } from '../core/venue-adapter.interface';

// Binance spot combined streams (`/stream`: `{"stream": name, "data": event}`) and raw streams
// (`/ws`: the event alone). Carried: `depthUpdate` (diff depth), `trade`, `aggTrade`. Everything
// else on the wire is a control answer or a channel Tickline does not carry, and says so.

/** Channels (the part of a stream name after the symbol) this mapper turns into envelopes. */
const CARRIED_CHANNELS = new Set(['depth', 'depth@100ms', 'depth@1000ms', 'trade', 'aggTrade']);

export class BinanceMapper implements VenueMapper {
  readonly venue = 'binance' as const;

  constructor(
    private readonly context: MapperContext,
    private readonly markets: MarketResolver,
  ) {}

  map(frame: string, receiveTimeUs: number): MapResult {
    return guardMapping('binance', frame, () => this.mapMessage(parseJson(frame), receiveTimeUs));
  }

  mapSnapshot(request: SnapshotRequest, body: string, receiveTimeUs: number): MapResult {
    return guardMapping('binance', body, () => {
      const response = object(parseJson(body), '(root)');
      if (response['lastUpdateId'] === undefined && response['code'] !== undefined) {
        return ignored('venue_error', `${String(response['code'])} ${String(response['msg'])}`);
      }
      const symbol = request.symbol;
      const envelope: Envelope = {
        v: 1,
        venue: 'binance',
        symbol,
        market: this.markets.marketFor(symbol, 'symbol'),
        type: 'book_snapshot',
        // The REST depth response carries no time: the receive time stands in.
        exchangeTimeUs: receiveTimeUs,
        receiveTimeUs,
        lastUpdateId: safeInt(response['lastUpdateId'], 'lastUpdateId'),
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        payload:
          request.depth === undefined
            ? { bids: levels(response['bids'], 'bids'), asks: levels(response['asks'], 'asks') }
            : {
                depth: request.depth,
                bids: levels(response['bids'], 'bids'),
                asks: levels(response['asks'], 'asks'),
              },
      };
      return mapped([envelope]);
    });
  }

  private mapMessage(message: unknown, receiveTimeUs: number): MapResult {
    if (!isObject(message)) return fault('unknown_message', 'expected a JSON object');
    const stream = message['stream'];
    if (typeof stream === 'string') {
      const at = stream.indexOf('@');
      const channel = at < 0 ? '' : stream.slice(at + 1);
      if (!CARRIED_CHANNELS.has(channel)) return ignored('unsupported_channel', stream);
      return this.mapEvent(object(message['data'], 'data'), receiveTimeUs, 'data');
    }
    if (message['e'] !== undefined) return this.mapEvent(message, receiveTimeUs, '(root)');
    return this.mapControl(message);
  }

  private mapEvent(data: JsonObject, receiveTimeUs: number, at: string): MapResult {
    switch (data['e']) {
      case 'depthUpdate': {
        const symbol = text(data['s'], `${at}.s`);
        return mapped([
          {
            v: 1,
            venue: 'binance',
            symbol,
            market: this.markets.marketFor(symbol, `${at}.s`),
            type: 'book_delta',
            exchangeTimeUs: millis(data['E'], `${at}.E`),
            receiveTimeUs,
            firstUpdateId: safeInt(data['U'], `${at}.U`),
            lastUpdateId: safeInt(data['u'], `${at}.u`),
            system: this.context.system,
            ingesterId: this.context.ingesterId,
            payload: { bids: levels(data['b'], `${at}.b`), asks: levels(data['a'], `${at}.a`) },
          },
        ]);
      }
      case 'trade':
      case 'aggTrade': {
        const symbol = text(data['s'], `${at}.s`);
        const aggregated = data['e'] === 'aggTrade';
        return mapped([
          {
            v: 1,
            venue: 'binance',
            symbol,
            market: this.markets.marketFor(symbol, `${at}.s`),
            type: 'trade',
            exchangeTimeUs: millis(data['T'], `${at}.T`),
            receiveTimeUs,
            system: this.context.system,
            ingesterId: this.context.ingesterId,
            payload: {
              price: decimal(data['p'], `${at}.p`),
              size: decimal(data['q'], `${at}.q`),
              // `m`: the buyer is the maker, so the taker sold.
              side: bool(data['m'], `${at}.m`) ? 'sell' : 'buy',
              tradeId: aggregated ? tradeId(data['a'], `${at}.a`) : tradeId(data['t'], `${at}.t`),
            },
          },
        ]);
      }
      case 'kline':
      case '24hrTicker':
      case '24hrMiniTicker':
      case '1hTicker':
      case '4hTicker':
      case '1dTicker':
      case 'avgPrice':
        return ignored('unsupported_channel', String(data['e']));
      default:
        return fault(
          'unknown_message',
          `unknown event type ${JSON.stringify(data['e'])}`,
          `${at}.e`,
        );
    }
  }

  /** Answers to the client's requests, errors, and raw-stream events without an `e` field. */
  private mapControl(message: JsonObject): MapResult {
    if ('result' in message && 'id' in message) return ignored('subscription_ack');
    const error = message['error'];
    if (isObject(error))
      return ignored('venue_error', `${String(error['code'])} ${String(error['msg'])}`);
    if (message['code'] !== undefined && message['msg'] !== undefined) {
      return ignored('venue_error', `${String(message['code'])} ${String(message['msg'])}`);
    }
    // Raw `@bookTicker` events have no event type: {"u":..,"s":..,"b":..,"B":..,"a":..,"A":..}.
    if (message['u'] !== undefined && message['B'] !== undefined && message['A'] !== undefined) {
      return ignored('unsupported_channel', 'bookTicker');
    }
    // Raw partial-depth snapshots (`@depth5`..`@depth20`): {"lastUpdateId":..,"bids":..,"asks":..}.
    if (message['lastUpdateId'] !== undefined && message['bids'] !== undefined) {
      return ignored('unsupported_channel', 'partial depth');
    }
    return fault('unknown_message', 'no stream, event type or request id');
  }
}
