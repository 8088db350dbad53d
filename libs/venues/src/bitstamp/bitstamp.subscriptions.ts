import { isObject, tryParseJson } from '../core/frame-fields.util';
import { channelOf, uniqueStreams } from '../core/sharding.util';
import type {
  ClientFrame,
  ConnectionLimits,
  HeartbeatPolicy,
  StreamSpec,
  Subscription,
} from '../core/venue-adapter.interface';

export const BITSTAMP_LIMITS: ConnectionLimits = {
  maxStreamsPerConnection: 200,
  maxStreamsPerFrame: 1,
  maxClientFramesPerSecond: 10,
  basis:
    'A Bitstamp subscribe frame names exactly one channel. No per-connection cap is documented; 200 channels per connection and 10 frames per second are Tickline policy.',
};

export const BITSTAMP_HEARTBEAT: HeartbeatPolicy = {
  clientPing: { intervalMs: 10_000, frame: () => JSON.stringify({ event: 'bts:heartbeat' }) },
  staleAfterMs: 30_000,
  notes:
    'The client sends {"event":"bts:heartbeat"} every 10 s and the server answers with the same event; any frame counts as alive. The server may send bts:request_reconnect before maintenance.',
};

const TRADES_PREFIX = 'live_trades_';
const BOOK_PREFIX = 'diff_order_book_';
const PAIR = /^[a-z0-9]{2,20}$/;

function spec(name: string, pair: string, channel: 'trades' | 'book'): StreamSpec {
  return {
    name,
    symbol: pair,
    channel,
    dataTypes: channel === 'trades' ? ['trade'] : ['book_delta'],
  };
}

export function bitstampStreams(subscriptions: readonly Subscription[]): StreamSpec[] {
  return uniqueStreams(
    subscriptions.map((subscription) => {
      const pair = subscription.symbol.toLowerCase();
      return channelOf(subscription) === 'trades'
        ? spec(`${TRADES_PREFIX}${pair}`, pair, 'trades')
        : spec(`${BOOK_PREFIX}${pair}`, pair, 'book');
    }),
  );
}

export function parseBitstampStreamName(name: string): StreamSpec | undefined {
  const [prefix, channel] = name.startsWith(TRADES_PREFIX)
    ? [TRADES_PREFIX, 'trades' as const]
    : name.startsWith(BOOK_PREFIX)
      ? [BOOK_PREFIX, 'book' as const]
      : [undefined, undefined];
  if (!prefix || !channel) return undefined;
  const pair = name.slice(prefix.length);
  return PAIR.test(pair) ? spec(name, pair, channel) : undefined;
}

function frames(
  event: 'bts:subscribe' | 'bts:unsubscribe',
  streams: readonly StreamSpec[],
): string[] {
  return streams.map((stream) => JSON.stringify({ event, data: { channel: stream.name } }));
}

export function bitstampSubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('bts:subscribe', streams);
}

export function bitstampUnsubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('bts:unsubscribe', streams);
}

/** The `channel` of a data frame (events other than the `bts:` control events). */
export function bitstampStreamNameOf(frame: string): string | undefined {
  const message = tryParseJson(frame);
  if (!isObject(message)) return undefined;
  const { event, channel } = message;
  return typeof channel === 'string' &&
    channel.length > 0 &&
    typeof event === 'string' &&
    !event.startsWith('bts:')
    ? channel
    : undefined;
}

export function parseBitstampClientFrame(frame: string): ClientFrame {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  if (!isObject(message)) return { kind: 'unknown', reason: 'not an object' };
  const event = message['event'];
  if (event === 'bts:heartbeat') return { kind: 'ping' };
  if (event !== 'bts:subscribe' && event !== 'bts:unsubscribe') {
    return { kind: 'unknown', reason: `unsupported event ${JSON.stringify(event)}` };
  }
  const data = message['data'];
  const name = isObject(data) ? data['channel'] : undefined;
  const stream = typeof name === 'string' ? parseBitstampStreamName(name) : undefined;
  if (!stream) return { kind: 'unknown', reason: `unknown channel ${JSON.stringify(name)}` };
  return { kind: event === 'bts:subscribe' ? 'subscribe' : 'unsubscribe', streams: [stream] };
}
