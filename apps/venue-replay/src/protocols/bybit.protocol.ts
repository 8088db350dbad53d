import type { ClientConnection } from '../gateway/client-connection';
import { connectionToken, parseJson, type VenueProtocol } from './venue-protocol';

/** Bybit spot takes at most 10 topics per subscribe request. */
export const BYBIT_MAX_ARGS = 10;

const CATEGORIES = new Set(['spot', 'linear', 'inverse', 'option']);

function answer(
  connection: ClientConnection,
  op: string,
  reqId: unknown,
  success: boolean,
  retMsg: string,
): void {
  connection.sendControl(
    JSON.stringify({
      success,
      ret_msg: retMsg,
      conn_id: connectionToken(connection),
      ...(typeof reqId === 'string' ? { req_id: reqId } : {}),
      op,
    }),
  );
}

/**
 * Bybit v5 public WebSocket (`/v5/public/<category>`): `subscribe`/`unsubscribe` with topic
 * strings (`orderbook.50.BTCUSDT`, `publicTrade.BTCUSDT`) answered with one
 * `{"success","ret_msg","conn_id","req_id","op"}`; a topic the replay does not have fails the
 * whole request; book topics start with a snapshot; `{"op":"ping"}` is answered with `pong`.
 */
export const bybitProtocol: VenueProtocol = {
  venue: 'bybit',

  accepts: (path) => {
    const match = /^\/v5\/public\/([a-z]+)$/.exec(path);
    return match !== null && CATEGORIES.has(match[1] as string);
  },

  open() {
    // Bybit sends nothing until the client asks.
  },

  message(connection, text, context) {
    const request = parseJson(text) as
      { op?: unknown; args?: unknown; req_id?: unknown } | undefined;
    if (typeof request !== 'object' || request === null) {
      answer(connection, '', undefined, false, `error:invalid request: ${text.slice(0, 100)}`);
      return;
    }
    const op = typeof request.op === 'string' ? request.op : '';
    if (op === 'ping') {
      answer(connection, 'ping', request.req_id, true, 'pong');
      return;
    }
    if (op !== 'subscribe' && op !== 'unsubscribe') {
      answer(connection, op, request.req_id, false, `error:unsupported op ${op}`);
      return;
    }
    const topics = Array.isArray(request.args) ? request.args : [];
    if (topics.length === 0 || topics.some((topic) => typeof topic !== 'string')) {
      answer(
        connection,
        op,
        request.req_id,
        false,
        'error:args must be a non-empty list of topics',
      );
      return;
    }
    if (topics.length > BYBIT_MAX_ARGS) {
      answer(connection, op, request.req_id, false, `error:args size >${BYBIT_MAX_ARGS}`);
      return;
    }
    const unknown = (topics as string[]).find((topic) => !context.stream(topic));
    if (unknown !== undefined) {
      answer(connection, op, request.req_id, false, `error:handler not found,topic:${unknown}`);
      return;
    }
    answer(connection, op, request.req_id, true, op);
    for (const topic of topics as string[]) {
      if (op === 'subscribe') {
        context.subscribe(connection, topic);
      } else {
        context.unsubscribe(connection, topic);
      }
    }
  },
};
