import { isObject, tryParseJson } from '../core/frame-fields.util';
import { channelOf, chunk, uniqueStreams } from '../core/sharding.util';
import type {
  ClientFrame,
  ConnectionLimits,
  HeartbeatPolicy,
  StreamSpec,
  Subscription,
} from '../core/venue-adapter.interface';
import type { BybitOptions } from './bybit.options';

export const BYBIT_LIMITS: ConnectionLimits = {
  maxStreamsPerConnection: 200,
  maxStreamsPerFrame: 10,
  maxClientFramesPerSecond: 10,
  basis:
    'Bybit v5: spot takes at most 10 args per subscribe request; linear/inverse cap the args of one connection at 21,000 characters (200 topics of ~25 characters stay far below). 200 topics per connection and 10 frames per second are Tickline policy.',
};

export const BYBIT_HEARTBEAT: HeartbeatPolicy = {
  clientPing: {
    intervalMs: 20_000,
    frame: (sequence) => JSON.stringify({ op: 'ping', req_id: String(sequence) }),
  },
  staleAfterMs: 60_000,
  notes:
    'Bybit recommends {"op":"ping"} every 20 s and answers with a pong (op "ping" with ret_msg "pong" on spot, op "pong" on derivatives); without traffic it cuts the connection after 10 minutes. Any frame counts as alive.',
};

const TOPIC = /^(?:orderbook\.(1|50|200|500|1000)|publicTrade)\.([A-Z0-9-]+)$/;

function spec(name: string, symbol: string, channel: 'trades' | 'book'): StreamSpec {
  return {
    name,
    symbol,
    channel,
    dataTypes: channel === 'trades' ? ['trade'] : ['book_snapshot', 'book_delta'],
  };
}

export function bybitStreams(
  subscriptions: readonly Subscription[],
  options: BybitOptions,
): StreamSpec[] {
  return uniqueStreams(
    subscriptions.map((subscription) => {
      const symbol = subscription.symbol;
      return channelOf(subscription) === 'trades'
        ? spec(`publicTrade.${symbol}`, symbol, 'trades')
        : spec(`orderbook.${options.bookDepth}.${symbol}`, symbol, 'book');
    }),
  );
}

export function parseBybitStreamName(name: string): StreamSpec | undefined {
  const match = TOPIC.exec(name);
  if (!match) return undefined;
  return spec(name, match[2] as string, match[1] === undefined ? 'trades' : 'book');
}

function frames(op: 'subscribe' | 'unsubscribe', streams: readonly StreamSpec[]): string[] {
  return chunk(streams, BYBIT_LIMITS.maxStreamsPerFrame).map((group, i) =>
    JSON.stringify({ op, args: group.map((stream) => stream.name), req_id: String(i + 1) }),
  );
}

export function bybitSubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('subscribe', streams);
}

export function bybitUnsubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('unsubscribe', streams);
}

/** The `topic` of a data frame. */
export function bybitStreamNameOf(frame: string): string | undefined {
  const message = tryParseJson(frame);
  const topic = isObject(message) ? message['topic'] : undefined;
  return typeof topic === 'string' ? topic : undefined;
}

export function parseBybitClientFrame(frame: string): ClientFrame {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  if (!isObject(message)) return { kind: 'unknown', reason: 'not an object' };
  const op = message['op'];
  const reqId = message['req_id'];
  const requestId = typeof reqId === 'string' ? { requestId: reqId } : {};
  if (op === 'ping') return { kind: 'ping', ...requestId };
  if (op !== 'subscribe' && op !== 'unsubscribe') {
    return { kind: 'unknown', reason: `unsupported op ${JSON.stringify(op)}` };
  }
  const args = message['args'];
  if (!Array.isArray(args)) return { kind: 'unknown', reason: 'args is not an array' };
  const streams: StreamSpec[] = [];
  for (const arg of args) {
    const stream = typeof arg === 'string' ? parseBybitStreamName(arg) : undefined;
    if (!stream) return { kind: 'unknown', reason: `unknown topic ${JSON.stringify(arg)}` };
    streams.push(stream);
  }
  return { kind: op, streams, ...requestId };
}
