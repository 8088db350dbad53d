import { formatTime } from '../time/time-format.util';
import type { ClientConnection } from '../gateway/client-connection';
import { coinbaseStreamKey } from '../venues/coinbase.codec';
import { parseJson, type ProtocolContext, type VenueProtocol } from './venue-protocol';

/** Channels the replay serves; `heartbeat` is generated per connection. */
const CHANNELS = new Set(['level2', 'level2_batch', 'matches', 'ticker', 'heartbeat']);

/**
 * The stream a channel reads: `level2_batch` carries the same snapshot and l2update messages as
 * `level2`, only batched by the venue, so it is served from the level2 recording.
 */
function streamChannel(channel: string): string {
  return channel === 'level2_batch' ? 'level2' : channel;
}

type Subscriptions = Map<string, Set<string>>;

function subscriptions(connection: ClientConnection): Subscriptions {
  let current = connection.protocolState.get('coinbase') as Subscriptions | undefined;
  if (!current) {
    current = new Map();
    connection.protocolState.set('coinbase', current);
  }
  return current;
}

function fail(connection: ClientConnection, reason: string): void {
  connection.sendControl(JSON.stringify({ type: 'error', message: 'Failed to subscribe', reason }));
}

function requested(body: Record<string, unknown>): Map<string, string[]> | string {
  const products = Array.isArray(body['product_ids']) ? (body['product_ids'] as unknown[]) : [];
  const channels = Array.isArray(body['channels']) ? (body['channels'] as unknown[]) : [];
  if (channels.length === 0) {
    return 'You must specify at least one channel';
  }
  const wanted = new Map<string, string[]>();
  for (const channel of channels) {
    const name =
      typeof channel === 'string' ? channel : (channel as { name?: unknown } | null)?.name;
    const ids =
      typeof channel === 'object' &&
      channel !== null &&
      Array.isArray((channel as { product_ids?: unknown }).product_ids)
        ? (channel as { product_ids: unknown[] }).product_ids
        : products;
    if (typeof name !== 'string' || !CHANNELS.has(name)) {
      return `${String(name)} is not a valid channel`;
    }
    if (ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
      return `No product ids for channel ${name}`;
    }
    wanted.set(name, [...(wanted.get(name) ?? []), ...(ids as string[])]);
  }
  return wanted;
}

function announce(connection: ClientConnection): void {
  const channels = [...subscriptions(connection)]
    .filter(([, products]) => products.size > 0)
    .map(([name, products]) => ({ name, product_ids: [...products] }));
  connection.sendControl(JSON.stringify({ type: 'subscriptions', channels }));
}

function sendHeartbeats(connection: ClientConnection, context: ProtocolContext): void {
  const products = subscriptions(connection).get('heartbeat');
  if (!products || products.size === 0) {
    return;
  }
  const time = formatTime(Math.floor(context.exchangeNowUs()), 'iso');
  for (const product of products) {
    const text = context.latest(coinbaseStreamKey('matches', product));
    const latest =
      text === undefined
        ? undefined
        : (parseJson(text) as { trade_id?: number; sequence?: number });
    connection.sendControl(
      JSON.stringify({
        type: 'heartbeat',
        last_trade_id: latest?.trade_id ?? 0,
        product_id: product,
        sequence: latest?.sequence ?? 0,
        time,
      }),
    );
  }
}

/**
 * Coinbase Exchange ws-feed: `subscribe`/`unsubscribe` with `product_ids` and `channels` (names
 * or `{name, product_ids}`), answered with the connection's full `subscriptions`; `level2` starts
 * with a `snapshot`, `matches` with `last_match`, `ticker` with the current ticker; `heartbeat`
 * sends one heartbeat per product per interval. An unknown product or channel fails the request.
 */
export const coinbaseProtocol: VenueProtocol = {
  venue: 'coinbase',

  accepts: (path) => path === '' || path === '/',

  open(connection, _url, context) {
    connection.every(context.heartbeat.heartbeatIntervalMs, () =>
      sendHeartbeats(connection, context),
    );
  },

  message(connection, text, context) {
    const body = parseJson(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      connection.sendControl(JSON.stringify({ type: 'error', message: 'Malformed JSON' }));
      return;
    }
    const request = body as Record<string, unknown>;
    if (request['type'] !== 'subscribe' && request['type'] !== 'unsubscribe') {
      connection.sendControl(
        JSON.stringify({
          type: 'error',
          message: `Unsupported message type ${String(request['type'])}`,
        }),
      );
      return;
    }
    const wanted = requested(request);
    if (typeof wanted === 'string') {
      fail(connection, wanted);
      return;
    }
    const unknown = [...wanted.values()].flat().find((product) => !context.hasSymbol(product));
    if (unknown !== undefined) {
      fail(connection, `${unknown} is not a valid product`);
      return;
    }
    const current = subscriptions(connection);
    const added: [string, string][] = [];
    for (const [channel, products] of wanted) {
      const set = current.get(channel) ?? new Set<string>();
      current.set(channel, set);
      for (const product of products) {
        if (request['type'] === 'subscribe' && !set.has(product)) {
          set.add(product);
          added.push([channel, product]);
        } else if (
          request['type'] === 'unsubscribe' &&
          set.delete(product) &&
          channel !== 'heartbeat'
        ) {
          context.unsubscribe(connection, coinbaseStreamKey(streamChannel(channel), product));
        }
      }
    }
    announce(connection);
    for (const [channel, product] of added) {
      if (channel !== 'heartbeat') {
        context.subscribe(connection, coinbaseStreamKey(streamChannel(channel), product));
      }
    }
  },
};
