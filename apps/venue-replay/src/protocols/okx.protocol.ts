import type { ClientConnection } from '../gateway/client-connection';
import { okxStreamKey } from '../venues/okx.codec';
import {
  connectionToken,
  parseJson,
  type ProtocolContext,
  type VenueProtocol,
} from './venue-protocol';

function send(connection: ClientConnection, body: Record<string, unknown>): void {
  connection.sendControl(JSON.stringify(body));
}

function handleOp(
  connection: ClientConnection,
  request: Record<string, unknown>,
  context: ProtocolContext,
): void {
  const connId = connectionToken(connection);
  const op = request['op'];
  const id = typeof request['id'] === 'string' ? { id: request['id'] } : {};
  if (op !== 'subscribe' && op !== 'unsubscribe') {
    send(connection, {
      ...id,
      event: 'error',
      code: '60012',
      msg: `Invalid request: ${JSON.stringify(request)}`,
      connId,
    });
    return;
  }
  const args = request['args'];
  if (!Array.isArray(args) || args.length === 0) {
    send(connection, {
      ...id,
      event: 'error',
      code: '60012',
      msg: `Invalid request: ${JSON.stringify(request)}`,
      connId,
    });
    return;
  }
  for (const arg of args as unknown[]) {
    const target = arg as { channel?: unknown; instId?: unknown } | null;
    const channel = typeof target?.channel === 'string' ? target.channel : undefined;
    const instId = typeof target?.instId === 'string' ? target.instId : undefined;
    const key = channel && instId ? okxStreamKey(channel, instId) : undefined;
    if (!key || !context.stream(key)) {
      send(connection, {
        ...id,
        event: 'error',
        code: '60018',
        msg: `Wrong URL or channel:${String(channel)},instId:${String(instId)} doesn't exist`,
        connId,
      });
      continue;
    }
    send(connection, { ...id, event: op, arg: { channel, instId }, connId });
    if (op === 'subscribe') {
      context.subscribe(connection, key);
    } else {
      context.unsubscribe(connection, key);
    }
  }
}

/**
 * OKX API v5 public WebSocket (`/ws/v5/public`): `{"op":"subscribe","args":[{channel,instId}]}`
 * answered per argument with `{"event":"subscribe","arg",...,"connId"}`; book channels start with
 * a snapshot; the text frame `ping` is answered `pong`; a connection with no traffic either way
 * for 30 seconds is closed.
 */
export const okxProtocol: VenueProtocol = {
  venue: 'okx',

  accepts: (path) => path === '/ws/v5/public',

  open(connection, _url, context) {
    const limit = context.heartbeat.idleTimeoutMs;
    connection.every(Math.max(50, Math.floor(limit / 4)), () => {
      if (Date.now() - Math.max(connection.lastSentMs, connection.lastReceivedMs) > limit) {
        connection.close(4004, 'No data received in 30s.');
      }
    });
  },

  message(connection, text, context) {
    if (text === 'ping') {
      connection.sendControl('pong');
      return;
    }
    const request = parseJson(text);
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      send(connection, {
        event: 'error',
        code: '60012',
        msg: `Invalid request: ${text.slice(0, 100)}`,
        connId: connectionToken(connection),
      });
      return;
    }
    handleOp(connection, request as Record<string, unknown>, context);
  },
};
