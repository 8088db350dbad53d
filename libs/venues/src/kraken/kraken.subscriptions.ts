import { isObject, tryParseJson } from '../core/frame-fields.util';
import { channelOf, chunk, uniqueStreams } from '../core/sharding.util';
import type {
  ClientFrame,
  ConnectionLimits,
  HeartbeatPolicy,
  StreamSpec,
  Subscription,
} from '../core/venue-adapter.interface';
import type { KrakenOptions } from './kraken.options';

export const KRAKEN_LIMITS: ConnectionLimits = {
  maxStreamsPerConnection: 200,
  maxStreamsPerFrame: 50,
  maxClientFramesPerSecond: 5,
  basis:
    'Kraken WS v1 documents no per-connection subscription cap; 200 streams per connection, 50 pairs per subscribe frame and 5 frames per second are Tickline policy.',
};

export const KRAKEN_HEARTBEAT: HeartbeatPolicy = {
  clientPing: {
    intervalMs: 30_000,
    frame: (sequence) => JSON.stringify({ event: 'ping', reqid: sequence }),
  },
  serverHeartbeatMs: 1_000,
  staleAfterMs: 10_000,
  notes:
    'The server sends {"event":"heartbeat"} about once a second when no data flows; the client pings ({"event":"ping"}) every 30 s and gets {"event":"pong"}. Any frame counts as alive.',
};

function spec(channelName: string, pair: string): StreamSpec {
  const trades = channelName === 'trade';
  return {
    name: `${channelName}:${pair}`,
    symbol: pair,
    channel: trades ? 'trades' : 'book',
    dataTypes: trades ? ['trade'] : ['book_snapshot', 'book_delta'],
  };
}

export function krakenStreams(
  subscriptions: readonly Subscription[],
  options: KrakenOptions,
): StreamSpec[] {
  return uniqueStreams(
    subscriptions.map((subscription) =>
      spec(
        channelOf(subscription) === 'trades' ? 'trade' : `book-${options.bookDepth}`,
        subscription.symbol,
      ),
    ),
  );
}

const STREAM_NAME = /^(trade|book-(?:10|25|100|500|1000)):([A-Za-z0-9./_-]+)$/;

export function parseKrakenStreamName(name: string): StreamSpec | undefined {
  const match = STREAM_NAME.exec(name);
  return match ? spec(match[1] as string, match[2] as string) : undefined;
}

function subscriptionOf(channelName: string): Record<string, unknown> {
  return channelName === 'trade'
    ? { name: 'trade' }
    : { name: 'book', depth: Number(channelName.slice('book-'.length)) };
}

function frames(event: 'subscribe' | 'unsubscribe', streams: readonly StreamSpec[]): string[] {
  const byChannel = new Map<string, string[]>();
  for (const stream of streams) {
    const channelName = stream.name.slice(0, stream.name.indexOf(':'));
    const pairs = byChannel.get(channelName);
    if (pairs) pairs.push(stream.symbol);
    else byChannel.set(channelName, [stream.symbol]);
  }
  const out: string[] = [];
  for (const [channelName, pairs] of byChannel) {
    for (const group of chunk(pairs, KRAKEN_LIMITS.maxStreamsPerFrame)) {
      out.push(
        JSON.stringify({
          event,
          pair: group,
          subscription: subscriptionOf(channelName),
          reqid: out.length + 1,
        }),
      );
    }
  }
  return out;
}

export function krakenSubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('subscribe', streams);
}

export function krakenUnsubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('unsubscribe', streams);
}

/** `<channelName>:<pair>` of an array data frame (`book-1000:XBT/CHF`, `ticker:XBT/USD`). */
export function krakenStreamNameOf(frame: string): string | undefined {
  const message = tryParseJson(frame);
  if (!Array.isArray(message) || message.length < 4) return undefined;
  const channelName = message[message.length - 2] as unknown;
  const pair = message[message.length - 1] as unknown;
  return typeof channelName === 'string' && typeof pair === 'string'
    ? `${channelName}:${pair}`
    : undefined;
}

export function parseKrakenClientFrame(frame: string): ClientFrame {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  if (!isObject(message)) return { kind: 'unknown', reason: 'not an object' };
  const event = message['event'];
  const reqid = message['reqid'];
  const requestId =
    typeof reqid === 'number' || typeof reqid === 'string' ? { requestId: reqid } : {};
  if (event === 'ping') return { kind: 'ping', ...requestId };
  if (event !== 'subscribe' && event !== 'unsubscribe') {
    return { kind: 'unknown', reason: `unsupported event ${JSON.stringify(event)}` };
  }
  const subscription = message['subscription'];
  if (!isObject(subscription)) return { kind: 'unknown', reason: 'no subscription object' };
  const name = subscription['name'];
  const channelName =
    name === 'trade'
      ? 'trade'
      : name === 'book'
        ? `book-${String(subscription['depth'] ?? 10)}`
        : undefined;
  if (channelName === undefined)
    return { kind: 'unknown', reason: `unsupported subscription ${JSON.stringify(name)}` };
  const pairs = message['pair'];
  if (!Array.isArray(pairs)) return { kind: 'unknown', reason: 'pair is not an array' };
  const streams: StreamSpec[] = [];
  for (const pair of pairs) {
    const stream =
      typeof pair === 'string' ? parseKrakenStreamName(`${channelName}:${pair}`) : undefined;
    if (!stream) return { kind: 'unknown', reason: `bad pair or depth ${JSON.stringify(pair)}` };
    streams.push(stream);
  }
  return { kind: event, streams, ...requestId };
}
