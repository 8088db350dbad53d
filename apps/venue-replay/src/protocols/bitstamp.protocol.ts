import type { ClientConnection } from '../gateway/client-connection';
import { bitstampStream } from '../venues/bitstamp.codec';
import { parseJson, type VenueProtocol } from './venue-protocol';

function send(connection: ClientConnection, event: string, channel: string, data: unknown): void {
  connection.sendControl(JSON.stringify({ event, channel, data }));
}

function badRequest(connection: ClientConnection, message: string): void {
  send(connection, 'bts:error', '', { code: null, message });
}

/**
 * Bitstamp WebSocket API v2: `bts:subscribe`/`bts:unsubscribe` with `data.channel`
 * (`diff_order_book_<pair>`, `live_trades_<pair>`, ...), answered with
 * `bts:subscription_succeeded`/`bts:unsubscription_succeeded`; `bts:heartbeat` is answered.
 * Bitstamp sends no book snapshot on the socket: clients fetch `/api/v2/order_book/<pair>`.
 */
export const bitstampProtocol: VenueProtocol = {
  venue: 'bitstamp',

  accepts: (path) => path === '' || path === '/',

  open() {
    // Bitstamp sends nothing until the client subscribes.
  },

  message(connection, text, context) {
    const request = parseJson(text) as
      { event?: unknown; data?: { channel?: unknown } } | undefined;
    if (typeof request !== 'object' || request === null) {
      badRequest(connection, 'Bad request.');
      return;
    }
    if (request.event === 'bts:heartbeat') {
      send(connection, 'bts:heartbeat', '', { status: 'success' });
      return;
    }
    if (request.event !== 'bts:subscribe' && request.event !== 'bts:unsubscribe') {
      badRequest(connection, 'Bad request.');
      return;
    }
    const channel = request.data?.channel;
    const stream = typeof channel === 'string' ? bitstampStream(channel) : undefined;
    if (!stream || !context.hasSymbol(stream.symbol)) {
      badRequest(connection, 'Bad subscription string.');
      return;
    }
    if (request.event === 'bts:subscribe') {
      send(connection, 'bts:subscription_succeeded', stream.key, {});
      context.subscribe(connection, stream.key);
    } else {
      context.unsubscribe(connection, stream.key);
      send(connection, 'bts:unsubscription_succeeded', stream.key, {});
    }
  },
};
