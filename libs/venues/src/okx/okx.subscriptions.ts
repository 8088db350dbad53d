import { isObject, tryParseJson } from '../core/frame-fields.util';
import { channelOf, chunk, uniqueStreams } from '../core/sharding.util';
import type {
  ClientFrame,
  ConnectionLimits,
  HeartbeatPolicy,
  StreamSpec,
  Subscription,
} from '../core/venue-adapter.interface';
import { OKX_BOOK_CHANNEL_DEPTHS, type OkxOptions } from './okx.options';

export const OKX_LIMITS: ConnectionLimits = {
  maxStreamsPerConnection: 200,
  maxStreamsPerFrame: 100,
  maxClientFramesPerSecond: 3,
  basis:
    'OKX v5: subscribe requests at most 64 KB, 480 subscribe/unsubscribe requests per connection per hour, 3 requests per second per IP. No channel cap per connection is documented; 200 channels per connection and 100 per frame are Tickline policy.',
};

export const OKX_HEARTBEAT: HeartbeatPolicy = {
  clientPing: { intervalMs: 20_000, frame: () => 'ping' },
  staleAfterMs: 30_000,
  notes:
    'OKX closes a connection that receives nothing for 30 s: the client sends the text "ping" every 20 s and gets the text "pong". Any frame counts as alive.',
};

const TRADE_CHANNELS = new Set(['trades', 'trades-all']);

function spec(channelName: string, instId: string): StreamSpec {
  const trades = TRADE_CHANNELS.has(channelName);
  return {
    name: `${channelName}:${instId}`,
    symbol: instId,
    channel: trades ? 'trades' : 'book',
    dataTypes: trades ? ['trade'] : ['book_snapshot', 'book_delta'],
  };
}

function isCarried(channelName: string): boolean {
  return TRADE_CHANNELS.has(channelName) || channelName in OKX_BOOK_CHANNEL_DEPTHS;
}

export function okxStreams(
  subscriptions: readonly Subscription[],
  options: OkxOptions,
): StreamSpec[] {
  return uniqueStreams(
    subscriptions.map((subscription) =>
      spec(
        channelOf(subscription) === 'trades' ? 'trades' : options.bookChannel,
        subscription.symbol,
      ),
    ),
  );
}

export function parseOkxStreamName(name: string): StreamSpec | undefined {
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  const channelName = name.slice(0, colon);
  const instId = name.slice(colon + 1);
  return isCarried(channelName) && instId.length > 0 ? spec(channelName, instId) : undefined;
}

function frames(op: 'subscribe' | 'unsubscribe', streams: readonly StreamSpec[]): string[] {
  return chunk(streams, OKX_LIMITS.maxStreamsPerFrame).map((group) =>
    JSON.stringify({
      op,
      args: group.map((stream) => ({
        channel: stream.name.slice(0, stream.name.indexOf(':')),
        instId: stream.symbol,
      })),
    }),
  );
}

export function okxSubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('subscribe', streams);
}

export function okxUnsubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('unsubscribe', streams);
}

/** `<channel>:<instId>` of a data frame (`arg` without an `event`). */
export function okxStreamNameOf(frame: string): string | undefined {
  const message = tryParseJson(frame);
  if (!isObject(message) || message['event'] !== undefined || !isObject(message['arg']))
    return undefined;
  const { channel, instId } = message['arg'];
  return typeof channel === 'string' && typeof instId === 'string'
    ? `${channel}:${instId}`
    : undefined;
}

export function parseOkxClientFrame(frame: string): ClientFrame {
  if (frame === 'ping') return { kind: 'ping' };
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  if (!isObject(message)) return { kind: 'unknown', reason: 'not an object' };
  const op = message['op'];
  if (op !== 'subscribe' && op !== 'unsubscribe') {
    return { kind: 'unknown', reason: `unsupported op ${JSON.stringify(op)}` };
  }
  const args = message['args'];
  if (!Array.isArray(args)) return { kind: 'unknown', reason: 'args is not an array' };
  const streams: StreamSpec[] = [];
  for (const arg of args) {
    // Channels Tickline does not carry (tickers) are valid requests that name no data stream.
    if (!isObject(arg) || typeof arg['channel'] !== 'string' || typeof arg['instId'] !== 'string') {
      return { kind: 'unknown', reason: 'an argument without channel and instId' };
    }
    if (isCarried(arg['channel'])) streams.push(spec(arg['channel'], arg['instId']));
  }
  const id = message['id'];
  return { kind: op, streams, ...(typeof id === 'string' ? { requestId: id } : {}) };
}
