import { randomInt } from 'node:crypto';

import type { ClientConnection } from '../gateway/client-connection';
import { KRAKEN_BOOK_DEPTHS, krakenStreamKey } from '../venues/kraken.codec';
import { parseJson, type ProtocolContext, type VenueProtocol } from './venue-protocol';

const NAMES = new Set(['book', 'trade', 'ticker', 'spread', 'ohlc']);

interface Subscription {
  name: string;
  depth?: number;
}

function send(connection: ClientConnection, body: Record<string, unknown>): void {
  connection.sendControl(JSON.stringify(body));
}

function withReqid(body: Record<string, unknown>, reqid: unknown): Record<string, unknown> {
  return reqid === undefined ? body : { ...body, reqid };
}

function channelName(subscription: Subscription): string {
  return subscription.name === 'book' ? `book-${subscription.depth ?? 10}` : subscription.name;
}

function subscriptionEcho(subscription: Subscription): Record<string, unknown> {
  return subscription.name === 'book'
    ? { depth: subscription.depth ?? 10, name: 'book' }
    : { name: subscription.name };
}

function handleSubscription(
  connection: ClientConnection,
  request: Record<string, unknown>,
  context: ProtocolContext,
): void {
  const event = request['event'] as 'subscribe' | 'unsubscribe';
  const reqid = request['reqid'];
  const raw = request['subscription'] as { name?: unknown; depth?: unknown } | undefined;
  if (typeof raw?.name !== 'string' || !NAMES.has(raw.name)) {
    send(
      connection,
      withReqid(
        { errorMessage: 'Subscription name invalid', event: 'subscriptionStatus', status: 'error' },
        reqid,
      ),
    );
    return;
  }
  const subscription: Subscription =
    raw.name === 'book'
      ? { name: 'book', depth: typeof raw.depth === 'number' ? raw.depth : 10 }
      : { name: raw.name };
  if (
    subscription.depth !== undefined &&
    !(KRAKEN_BOOK_DEPTHS as readonly number[]).includes(subscription.depth)
  ) {
    send(
      connection,
      withReqid(
        {
          errorMessage: 'Subscription book depth must be an integer',
          event: 'subscriptionStatus',
          status: 'error',
        },
        reqid,
      ),
    );
    return;
  }
  const pairs = request['pair'];
  if (
    !Array.isArray(pairs) ||
    pairs.length === 0 ||
    pairs.some((pair) => typeof pair !== 'string')
  ) {
    send(
      connection,
      withReqid(
        { errorMessage: 'Pair(s) not found', event: 'subscriptionStatus', status: 'error' },
        reqid,
      ),
    );
    return;
  }
  for (const pair of pairs as string[]) {
    const key = krakenStreamKey(channelName(subscription), pair);
    const stream = context.stream(key);
    const base = {
      event: 'subscriptionStatus',
      pair,
      subscription: subscriptionEcho(subscription),
    };
    if (!context.hasSymbol(pair)) {
      send(
        connection,
        withReqid(
          { errorMessage: `Currency pair not supported ${pair}`, ...base, status: 'error' },
          reqid,
        ),
      );
      continue;
    }
    if (!stream) {
      // The pair is in the replay but not this channel or depth (only recorded depths are served).
      const message =
        subscription.name === 'book'
          ? 'Subscription depth not supported'
          : 'Subscription not supported';
      send(connection, withReqid({ errorMessage: message, ...base, status: 'error' }, reqid));
      continue;
    }
    const subscribed = connection.subscriptions.has(key);
    if (event === 'subscribe' && subscribed) {
      send(
        connection,
        withReqid({ errorMessage: 'Already subscribed', ...base, status: 'error' }, reqid),
      );
      continue;
    }
    if (event === 'unsubscribe' && !subscribed) {
      send(
        connection,
        withReqid({ errorMessage: 'Subscription Not Found', ...base, status: 'error' }, reqid),
      );
      continue;
    }
    send(
      connection,
      withReqid(
        {
          channelID: stream.channelId ?? 0,
          channelName: channelName(subscription),
          event: 'subscriptionStatus',
          pair,
          status: event === 'subscribe' ? 'subscribed' : 'unsubscribed',
          subscription: subscriptionEcho(subscription),
        },
        reqid,
      ),
    );
    if (event === 'subscribe') {
      context.subscribe(connection, key);
    } else {
      context.unsubscribe(connection, key);
    }
  }
}

/**
 * Kraken WebSocket API v1: `systemStatus` on connect; `subscribe`/`unsubscribe` with `pair` and
 * `subscription` answered per pair with `subscriptionStatus` (channelID, channelName, reqid);
 * book subscriptions start with a snapshot; `ping` -> `pong`; a `heartbeat` after each second
 * without other traffic.
 */
export const krakenProtocol: VenueProtocol = {
  venue: 'kraken',

  accepts: (path) => path === '' || path === '/',

  open(connection, _url, context) {
    // Kraken's connectionID is a 64-bit integer, beyond what a JSON number keeps exactly.
    const connectionId = `${randomInt(1, 9)}${String(randomInt(0, 2 ** 47)).padStart(15, '0')}${String(randomInt(0, 999)).padStart(3, '0')}`;
    connection.sendControl(
      `{"connectionID":${connectionId},"event":"systemStatus","status":"online","version":"1.9.1"}`,
    );
    const interval = context.heartbeat.heartbeatIntervalMs;
    connection.every(interval, () => {
      if (Date.now() - connection.lastSentMs >= interval - 5) {
        connection.sendControl('{"event":"heartbeat"}');
      }
    });
  },

  message(connection, text, context) {
    const request = parseJson(text);
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      send(connection, { errorMessage: 'Malformed request', event: 'error' });
      return;
    }
    const body = request as Record<string, unknown>;
    switch (body['event']) {
      case 'ping':
        send(connection, withReqid({ event: 'pong' }, body['reqid']));
        return;
      case 'subscribe':
      case 'unsubscribe':
        handleSubscription(connection, body, context);
        return;
      default:
        send(
          connection,
          withReqid({ errorMessage: 'Unsupported event', event: 'error' }, body['reqid']),
        );
    }
  },
};
