import type { Envelope } from '@tickline/domain';

import {
  decimal,
  fault,
  guardMapping,
  isObject,
  type JsonObject,
  levels,
  microsText,
  object,
  parseJson,
  tradeId,
} from '../core/frame-fields.util';
import { ignored, mapped, type MapResult } from '../core/map-result.type';
import type { MarketResolver } from '../core/market-resolver.util';
import type { MapperContext, SnapshotRequest, VenueMapper } from '../core/venue-adapter.interface';

// Bitstamp WebSocket v2: `{"event", "channel", "data"}`. Carried: `diff_order_book_<pair>`
// (event `data`) and `live_trades_<pair>` (event `trade`). No sequence, no checksum:
// `microtimestamp` orders the diffs against the REST snapshot. The float fields `price` and
// `amount` are ignored in favour of their exact `_str` twins.

export class BitstampMapper implements VenueMapper {
  readonly venue = 'bitstamp' as const;

  constructor(
    private readonly context: MapperContext,
    private readonly markets: MarketResolver,
  ) {}

  map(frame: string, receiveTimeUs: number): MapResult {
    return guardMapping('bitstamp', frame, () => {
      const message = parseJson(frame);
      if (!isObject(message)) return fault('unknown_message', 'expected a JSON object');
      const event = message['event'];
      const channel = typeof message['channel'] === 'string' ? message['channel'] : '';
      switch (event) {
        case 'data':
          if (channel.startsWith('diff_order_book_')) {
            return this.diff(message, channel.slice('diff_order_book_'.length), receiveTimeUs);
          }
          if (/^(order_book|detail_order_book|full_order_book)_/.test(channel)) {
            return ignored('unsupported_channel', channel);
          }
          break;
        case 'trade':
          if (channel.startsWith('live_trades_')) {
            return this.trade(message, channel.slice('live_trades_'.length), receiveTimeUs);
          }
          break;
        case 'order_created':
        case 'order_changed':
        case 'order_deleted':
          return ignored('unsupported_channel', channel);
        case 'bts:subscription_succeeded':
        case 'bts:unsubscription_succeeded':
          return ignored('subscription_ack', channel);
        case 'bts:heartbeat':
          return ignored('pong');
        case 'bts:request_reconnect':
          return ignored('reconnect_request');
        case 'bts:error': {
          const data = message['data'];
          return ignored('venue_error', isObject(data) ? String(data['message']) : String(data));
        }
      }
      return fault(
        'unknown_message',
        `unknown event ${JSON.stringify(event)} on channel ${JSON.stringify(channel)}`,
      );
    });
  }

  mapSnapshot(request: SnapshotRequest, body: string, receiveTimeUs: number): MapResult {
    return guardMapping('bitstamp', body, () => {
      const response = object(parseJson(body), '(root)');
      if (response['microtimestamp'] === undefined && response['status'] === 'error') {
        return ignored('venue_error', String(response['reason']));
      }
      const symbol = request.symbol;
      const envelope: Envelope = {
        v: 1,
        venue: 'bitstamp',
        symbol,
        market: this.markets.marketFor(symbol, 'symbol'),
        type: 'book_snapshot',
        exchangeTimeUs: microsText(response['microtimestamp'], 'microtimestamp'),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        payload: { bids: levels(response['bids'], 'bids'), asks: levels(response['asks'], 'asks') },
      };
      return mapped([envelope]);
    });
  }

  private diff(message: JsonObject, pair: string, receiveTimeUs: number): MapResult {
    const data = object(message['data'], 'data');
    return mapped([
      {
        v: 1,
        venue: 'bitstamp',
        symbol: pair,
        market: this.markets.marketFor(pair, 'channel'),
        type: 'book_delta',
        exchangeTimeUs: microsText(data['microtimestamp'], 'data.microtimestamp'),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        payload: {
          bids: levels(data['bids'], 'data.bids'),
          asks: levels(data['asks'], 'data.asks'),
        },
      },
    ]);
  }

  private trade(message: JsonObject, pair: string, receiveTimeUs: number): MapResult {
    const data = object(message['data'], 'data');
    const type = data['type'];
    if (type !== 0 && type !== 1) {
      fault(
        'unexpected_shape',
        `expected type 0 (buy) or 1 (sell), got ${JSON.stringify(type)}`,
        'data.type',
      );
    }
    return mapped([
      {
        v: 1,
        venue: 'bitstamp',
        symbol: pair,
        market: this.markets.marketFor(pair, 'channel'),
        type: 'trade',
        exchangeTimeUs: microsText(data['microtimestamp'], 'data.microtimestamp'),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        payload: {
          price: decimal(data['price_str'], 'data.price_str'),
          size: decimal(data['amount_str'], 'data.amount_str'),
          // `type` is the taker's side: 0 buy, 1 sell.
          side: type === 0 ? 'buy' : 'sell',
          tradeId: tradeId(data['id'], 'data.id'),
        },
      },
    ]);
  }
}
