import type {
  ClientFrame,
  ConnectionLimits,
  HeartbeatPolicy,
  StreamSpec,
  Subscription,
} from '../core/venue-adapter.interface';
import { isObject, tryParseJson } from '../core/frame-fields.util';
import { channelOf, chunk, uniqueStreams } from '../core/sharding.util';
import { trimSlash } from '../core/venue-options.schema';
import type { BinanceOptions } from './binance.options';

export const BINANCE_LIMITS: ConnectionLimits = {
  maxStreamsPerConnection: 1024,
  maxStreamsPerFrame: 200,
  maxClientFramesPerSecond: 5,
  maxConnectionAgeMs: 24 * 60 * 60 * 1000,
  basis:
    'Binance spot WebSocket docs: at most 1024 streams per connection, 5 incoming messages per second (pongs included), connections closed after 24 h. 200 names per SUBSCRIBE frame is Tickline policy.',
};

export const BINANCE_HEARTBEAT: HeartbeatPolicy = {
  serverHeartbeatMs: 20_000,
  staleAfterMs: 60_000,
  notes:
    'The server sends a protocol ping every 20 s and closes the connection if no pong comes within a minute (the WebSocket client answers automatically). Its pings count as liveness; the client sends none.',
};

const STREAM_NAME = /^([a-z0-9]+)@(trade|aggTrade|depth(?:@100ms|@1000ms)?)$/;

function streamSpec(name: string, symbol: string, channel: 'trades' | 'book'): StreamSpec {
  return {
    name,
    symbol,
    channel,
    dataTypes: channel === 'trades' ? ['trade'] : ['book_delta'],
  };
}

export function binanceStreamName(
  symbol: string,
  channel: 'trades' | 'book',
  options: Pick<BinanceOptions, 'tradeStream' | 'depthInterval'>,
): string {
  const lower = symbol.toLowerCase();
  if (channel === 'trades') return `${lower}@${options.tradeStream}`;
  return options.depthInterval === '100ms' ? `${lower}@depth@100ms` : `${lower}@depth`;
}

export function binanceStreams(
  subscriptions: readonly Subscription[],
  options: BinanceOptions,
): StreamSpec[] {
  return uniqueStreams(
    subscriptions.map((subscription) => {
      const channel = channelOf(subscription);
      const symbol = subscription.symbol.toUpperCase();
      return streamSpec(binanceStreamName(symbol, channel, options), symbol, channel);
    }),
  );
}

export function parseBinanceStreamName(name: string): StreamSpec | undefined {
  const match = STREAM_NAME.exec(name);
  if (!match) return undefined;
  const [, symbol, kind] = match as unknown as [string, string, string];
  return streamSpec(name, symbol.toUpperCase(), kind.startsWith('depth') ? 'book' : 'trades');
}

export function binanceConnectionUrl(
  streams: readonly StreamSpec[],
  options: BinanceOptions,
): string {
  const base = `${trimSlash(options.wsUrl)}/stream`;
  return options.subscribeVia === 'url' && streams.length > 0
    ? `${base}?streams=${streams.map((stream) => stream.name).join('/')}`
    : base;
}

function frames(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', streams: readonly StreamSpec[]): string[] {
  return chunk(streams, BINANCE_LIMITS.maxStreamsPerFrame).map((group, i) =>
    JSON.stringify({ method, params: group.map((stream) => stream.name), id: i + 1 }),
  );
}

export function binanceSubscribeFrames(
  streams: readonly StreamSpec[],
  options: BinanceOptions,
): string[] {
  // Streams named in the URL are subscribed by connecting.
  return options.subscribeVia === 'url' ? [] : frames('SUBSCRIBE', streams);
}

export function binanceUnsubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return frames('UNSUBSCRIBE', streams);
}

export function parseBinanceClientFrame(frame: string): ClientFrame {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  if (typeof message !== 'object' || message === null)
    return { kind: 'unknown', reason: 'not an object' };
  const { method, params, id } = message as { method?: unknown; params?: unknown; id?: unknown };
  if (method !== 'SUBSCRIBE' && method !== 'UNSUBSCRIBE') {
    return { kind: 'unknown', reason: `unsupported method ${JSON.stringify(method)}` };
  }
  if (!Array.isArray(params)) return { kind: 'unknown', reason: 'params is not an array' };
  const streams: StreamSpec[] = [];
  for (const name of params) {
    const stream = typeof name === 'string' ? parseBinanceStreamName(name) : undefined;
    if (!stream) return { kind: 'unknown', reason: `unknown stream ${JSON.stringify(name)}` };
    streams.push(stream);
  }
  return {
    kind: method === 'SUBSCRIBE' ? 'subscribe' : 'unsubscribe',
    streams,
    ...(typeof id === 'number' || typeof id === 'string' ? { requestId: id } : {}),
  };
}

/** The `stream` of a combined-stream frame. */
export function binanceStreamNameOf(frame: string): string | undefined {
  const message = tryParseJson(frame);
  const stream = isObject(message) ? message['stream'] : undefined;
  return typeof stream === 'string' ? stream : undefined;
}

/** Streams named in a combined-stream URL (`/stream?streams=a/b/c`), for replay servers. */
export function binanceStreamsOfUrl(url: string): StreamSpec[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  const names = new URLSearchParams(url.slice(query + 1)).get('streams');
  if (!names) return [];
  return names
    .split('/')
    .map((name) => parseBinanceStreamName(name))
    .filter((stream): stream is StreamSpec => stream !== undefined);
}
