import type { ClientConnection } from '../gateway/client-connection';
import { parseJson, type ProtocolContext, type VenueProtocol } from './venue-protocol';

/** Binance spot: 1024 streams per connection, 5 incoming messages per second. */
export const BINANCE_MAX_STREAMS = 1024;
export const BINANCE_MAX_MESSAGES_PER_SECOND = 5;

const STREAM_NAME = /^[a-z0-9]+@[a-zA-Z0-9_@]+$/;

interface BinanceState {
  combined: boolean;
  streams: Set<string>;
  windowStart: number;
  windowCount: number;
  lastPongMs: number;
}

function state(connection: ClientConnection): BinanceState {
  return connection.protocolState.get('binance') as BinanceState;
}

function reply(connection: ClientConnection, body: Record<string, unknown>): void {
  connection.sendControl(JSON.stringify(body));
}

function error(connection: ClientConnection, code: number, msg: string, id: unknown = null): void {
  reply(connection, { error: { code, msg }, id });
}

function add(
  connection: ClientConnection,
  names: readonly string[],
  context: ProtocolContext,
): boolean {
  const current = state(connection);
  const fresh = names.filter((name) => !current.streams.has(name));
  if (current.streams.size + fresh.length > BINANCE_MAX_STREAMS) {
    return false;
  }
  for (const name of fresh) {
    current.streams.add(name);
    // A stream the replay has no data for stays subscribed and silent, as on Binance.
    context.subscribe(connection, name);
  }
  return true;
}

/**
 * Binance spot WebSocket streams: `/ws/<stream>[/<stream>...]` (raw frames), `/stream?streams=`
 * (combined `{"stream","data"}` frames) and `/ws` or `/stream` with SUBSCRIBE, UNSUBSCRIBE,
 * LIST_SUBSCRIPTIONS, SET_PROPERTY and GET_PROPERTY requests. The server pings every interval
 * and drops a client that has not answered within three.
 */
export const binanceProtocol: VenueProtocol = {
  venue: 'binance',

  accepts: (path) =>
    path === '/ws' || path.startsWith('/ws/') || path === '/stream' || path === '/stream/',

  open(connection, url, context) {
    const path = url.pathname;
    const combined = path.startsWith('/stream');
    connection.protocolState.set('binance', {
      combined,
      streams: new Set<string>(),
      windowStart: Date.now(),
      windowCount: 0,
      lastPongMs: Date.now(),
    } satisfies BinanceState);
    const initial = combined
      ? (url.searchParams.get('streams') ?? '').split('/').filter(Boolean)
      : path.slice('/ws'.length).split('/').filter(Boolean);
    if (initial.some((name) => !STREAM_NAME.test(name)) || !add(connection, initial, context)) {
      connection.close(1008, 'Invalid request');
      return;
    }
    connection.onPong(() => {
      state(connection).lastPongMs = Date.now();
    });
    connection.every(context.heartbeat.pingIntervalMs, () => {
      if (Date.now() - state(connection).lastPongMs > 3 * context.heartbeat.pingIntervalMs) {
        connection.terminate();
        return;
      }
      connection.ping();
    });
  },

  message(connection, text, context) {
    const current = state(connection);
    const now = Date.now();
    if (now - current.windowStart >= 1000) {
      current.windowStart = now;
      current.windowCount = 0;
    }
    current.windowCount += 1;
    if (current.windowCount > BINANCE_MAX_MESSAGES_PER_SECOND) {
      connection.close(1008, 'Too many requests');
      return;
    }
    const request = parseJson(text);
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      error(connection, 3, 'Invalid JSON: expected an object');
      return;
    }
    const { method, params, id } = request as Record<string, unknown>;
    if (id !== undefined && id !== null && typeof id !== 'number' && typeof id !== 'string') {
      error(connection, 2, 'Invalid request: request ID must be an unsigned integer or a string');
      return;
    }
    switch (method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        if (
          !Array.isArray(params) ||
          params.some((name) => typeof name !== 'string' || !STREAM_NAME.test(name))
        ) {
          error(connection, 2, 'Invalid request: invalid stream name', id ?? null);
          return;
        }
        if (method === 'SUBSCRIBE') {
          if (!add(connection, params as string[], context)) {
            error(
              connection,
              2,
              `Invalid request: too many streams (at most ${BINANCE_MAX_STREAMS})`,
              id ?? null,
            );
            return;
          }
        } else {
          for (const name of params as string[]) {
            current.streams.delete(name);
            context.unsubscribe(connection, name);
          }
        }
        reply(connection, { result: null, id: id ?? null });
        return;
      }
      case 'LIST_SUBSCRIPTIONS':
        reply(connection, { result: [...current.streams], id: id ?? null });
        return;
      case 'SET_PROPERTY':
        if (Array.isArray(params) && params[0] === 'combined' && typeof params[1] === 'boolean') {
          current.combined = params[1];
          reply(connection, { result: null, id: id ?? null });
        } else {
          error(connection, 0, 'Unknown property', id ?? null);
        }
        return;
      case 'GET_PROPERTY':
        if (Array.isArray(params) && params[0] === 'combined') {
          reply(connection, { result: current.combined, id: id ?? null });
        } else {
          error(connection, 0, 'Unknown property', id ?? null);
        }
        return;
      default:
        error(connection, 2, 'Invalid request: unknown method', id ?? null);
    }
  },

  frame(connection, text) {
    if (state(connection).combined) {
      return text;
    }
    // Raw streams carry only the event: the `data` member of the combined envelope.
    const start = text.indexOf(',"data":');
    return start < 0 ? text : text.slice(start + ',"data":'.length, -1);
  },
};
