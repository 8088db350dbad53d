import type { BookLevel } from '@tickline/domain';

import {
  array,
  decimal,
  fault,
  guardMapping,
  isObject,
  isoTime,
  type JsonObject,
  levels,
  parseJson,
  safeInt,
  text,
  tradeId,
} from '../core/frame-fields.util';
import { ignored, mapped, type MapResult } from '../core/map-result.type';
import type { MarketResolver } from '../core/market-resolver.util';
import type { MapperContext, VenueMapper } from '../core/venue-adapter.interface';

// Coinbase Exchange ws-feed: `level2` (`snapshot`, then `l2update`) and `matches` (`match`).
// `level2` carries no sequence and no checksum; `match.sequence` comes from the full-channel
// counter (not contiguous per product), kept as `seqId` for deduplication only.

export class CoinbaseMapper implements VenueMapper {
  readonly venue = 'coinbase' as const;

  constructor(
    private readonly context: MapperContext,
    private readonly markets: MarketResolver,
  ) {}

  map(frame: string, receiveTimeUs: number): MapResult {
    return guardMapping('coinbase', frame, () => {
      const message = parseJson(frame);
      if (!isObject(message)) return fault('unknown_message', 'expected a JSON object');
      switch (message['type']) {
        case 'l2update':
          return this.update(message, receiveTimeUs);
        case 'match':
          return this.match(message, receiveTimeUs);
        case 'snapshot':
          return this.snapshot(message, receiveTimeUs);
        case 'last_match':
          // The product's last trade before the subscription: already seen, or not ours to add.
          return ignored('replay', 'last_match');
        case 'subscriptions':
          return ignored('subscription_ack');
        case 'heartbeat':
          return ignored('heartbeat');
        case 'error':
          return ignored(
            'venue_error',
            `${String(message['message'])}: ${String(message['reason'])}`,
          );
        case 'ticker':
        case 'ticker_batch':
        case 'status':
        case 'received':
        case 'open':
        case 'done':
        case 'change':
        case 'activate':
          return ignored('unsupported_channel', String(message['type']));
        default:
          return fault(
            'unknown_message',
            `unknown message type ${JSON.stringify(message['type'])}`,
            'type',
          );
      }
    });
  }

  private update(message: JsonObject, receiveTimeUs: number): MapResult {
    const symbol = text(message['product_id'], 'product_id');
    const changes = array(message['changes'], 'changes');
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i];
      if (!Array.isArray(change) || change.length < 3) {
        fault('unexpected_shape', 'expected a [side, price, size] change', `changes[${i}]`);
      }
      const level: BookLevel = [
        decimal(change[1], `changes[${i}][1]`),
        decimal(change[2], `changes[${i}][2]`),
      ];
      if (change[0] === 'buy') bids.push(level);
      else if (change[0] === 'sell') asks.push(level);
      else
        fault(
          'unexpected_shape',
          `expected side "buy" or "sell", got ${JSON.stringify(change[0])}`,
          `changes[${i}][0]`,
        );
    }
    return mapped([
      {
        v: 1,
        venue: 'coinbase',
        symbol,
        market: this.markets.marketFor(symbol, 'product_id'),
        type: 'book_delta',
        exchangeTimeUs: isoTime(message['time'], 'time'),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        payload: { bids, asks },
      },
    ]);
  }

  private match(message: JsonObject, receiveTimeUs: number): MapResult {
    const symbol = text(message['product_id'], 'product_id');
    const makerSide = message['side'];
    if (makerSide !== 'buy' && makerSide !== 'sell') {
      fault(
        'unexpected_shape',
        `expected side "buy" or "sell", got ${JSON.stringify(makerSide)}`,
        'side',
      );
    }
    return mapped([
      {
        v: 1,
        venue: 'coinbase',
        symbol,
        market: this.markets.marketFor(symbol, 'product_id'),
        type: 'trade',
        exchangeTimeUs: isoTime(message['time'], 'time'),
        receiveTimeUs,
        seqId: safeInt(message['sequence'], 'sequence'),
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        payload: {
          price: decimal(message['price'], 'price'),
          size: decimal(message['size'], 'size'),
          // `side` is the maker's order side: a resting sell was hit by a buying taker.
          side: makerSide === 'sell' ? 'buy' : 'sell',
          tradeId: tradeId(message['trade_id'], 'trade_id'),
        },
      },
    ]);
  }

  private snapshot(message: JsonObject, receiveTimeUs: number): MapResult {
    const symbol = text(message['product_id'], 'product_id');
    return mapped([
      {
        v: 1,
        venue: 'coinbase',
        symbol,
        market: this.markets.marketFor(symbol, 'product_id'),
        type: 'book_snapshot',
        // The legacy level2 snapshot has no time; newer feeds add one. Else the receive time.
        exchangeTimeUs:
          message['time'] === undefined ? receiveTimeUs : isoTime(message['time'], 'time'),
        receiveTimeUs,
        system: this.context.system,
        ingesterId: this.context.ingesterId,
        payload: { bids: levels(message['bids'], 'bids'), asks: levels(message['asks'], 'asks') },
      },
    ]);
  }
}
