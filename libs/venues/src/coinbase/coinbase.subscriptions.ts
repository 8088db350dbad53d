import { isObject, tryParseJson } from '../core/frame-fields.util';
import { channelOf, chunk, uniqueStreams } from '../core/sharding.util';
import type {
  ClientFrame,
  ConnectionLimits,
  HeartbeatPolicy,
  StreamSpec,
  Subscription,
} from '../core/venue-adapter.interface';
import type { CoinbaseOptions } from './coinbase.options';

export const COINBASE_LIMITS: ConnectionLimits = {
  maxStreamsPerConnection: 200,
  maxStreamsPerFrame: 100,
  maxClientFramesPerSecond: 8,
  basis:
    'Coinbase Exchange documents no per-connection product cap; 200 streams per connection and 100 products per frame are Tickline policy. 8 frames per second follows the documented 8 requests per second per IP.',
};

export function coinbaseHeartbeat(options: Pick<CoinbaseOptions, 'heartbeat'>): HeartbeatPolicy {
  return {
    ...(options.heartbeat ? { serverHeartbeatMs: 1_000 } : {}),
    wsPingIntervalMs: 10_000,
    staleAfterMs: 30_000,
    notes:
      'The heartbeat channel (subscribed for one product per connection) sends a message every second; the client also sends protocol pings every 10 s. Any frame or pong counts as alive.',
  };
}

const CARRIED = new Set(['level2', 'level2_batch', 'matches']);

function spec(channelName: string, productId: string): StreamSpec {
  const channel = channelName === 'matches' ? 'trades' : 'book';
  return {
    name: `${channelName}:${productId}`,
    symbol: productId,
    channel,
    dataTypes: channel === 'trades' ? ['trade'] : ['book_snapshot', 'book_delta'],
  };
}

export function coinbaseStreams(
  subscriptions: readonly Subscription[],
  options: CoinbaseOptions,
): StreamSpec[] {
  return uniqueStreams(
    subscriptions.map((subscription) =>
      spec(
        channelOf(subscription) === 'trades' ? 'matches' : options.level2Channel,
        subscription.symbol,
      ),
    ),
  );
}

export function parseCoinbaseStreamName(name: string): StreamSpec | undefined {
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  const channelName = name.slice(0, colon);
  const productId = name.slice(colon + 1);
  return CARRIED.has(channelName) && productId.length > 0
    ? spec(channelName, productId)
    : undefined;
}

function channelFrames(
  type: 'subscribe' | 'unsubscribe',
  streams: readonly StreamSpec[],
): string[] {
  const byChannel = new Map<string, string[]>();
  for (const stream of streams) {
    const channelName = stream.name.slice(0, stream.name.indexOf(':'));
    const products = byChannel.get(channelName);
    if (products) products.push(stream.symbol);
    else byChannel.set(channelName, [stream.symbol]);
  }
  const frames: string[] = [];
  for (const [channelName, products] of byChannel) {
    for (const group of chunk(products, COINBASE_LIMITS.maxStreamsPerFrame)) {
      frames.push(JSON.stringify({ type, product_ids: group, channels: [channelName] }));
    }
  }
  return frames;
}

export function coinbaseSubscribeFrames(
  streams: readonly StreamSpec[],
  options: CoinbaseOptions,
): string[] {
  const frames = channelFrames('subscribe', streams);
  const first = streams[0];
  if (options.heartbeat && first) {
    frames.push(
      JSON.stringify({ type: 'subscribe', product_ids: [first.symbol], channels: ['heartbeat'] }),
    );
  }
  return frames;
}

export function coinbaseUnsubscribeFrames(streams: readonly StreamSpec[]): string[] {
  return channelFrames('unsubscribe', streams);
}

const FRAME_CHANNELS: Readonly<Record<string, string>> = {
  match: 'matches',
  last_match: 'matches',
  ticker: 'ticker',
  heartbeat: 'heartbeat',
  status: 'status',
};

/** `<channel>:<product_id>` of a data frame; book frames use the configured level2 channel. */
export function coinbaseStreamNameOf(frame: string, options: CoinbaseOptions): string | undefined {
  const message = tryParseJson(frame);
  if (!isObject(message) || typeof message['product_id'] !== 'string') return undefined;
  const type = String(message['type']);
  const channel =
    type === 'l2update' || type === 'snapshot' ? options.level2Channel : FRAME_CHANNELS[type];
  return channel === undefined ? undefined : `${channel}:${message['product_id']}`;
}

/** Reads both subscribe shapes: `channels: ["level2"]` and `channels: [{name, product_ids}]`. */
export function parseCoinbaseClientFrame(frame: string): ClientFrame {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  if (!isObject(message)) return { kind: 'unknown', reason: 'not an object' };
  const type = message['type'];
  if (type !== 'subscribe' && type !== 'unsubscribe') {
    return { kind: 'unknown', reason: `unsupported type ${JSON.stringify(type)}` };
  }
  const topProducts = Array.isArray(message['product_ids'])
    ? (message['product_ids'] as unknown[])
    : [];
  const channels = Array.isArray(message['channels']) ? (message['channels'] as unknown[]) : [];
  const streams: StreamSpec[] = [];
  for (const channel of channels) {
    const name =
      typeof channel === 'string' ? channel : isObject(channel) ? channel['name'] : undefined;
    const products =
      isObject(channel) && Array.isArray(channel['product_ids'])
        ? (channel['product_ids'] as unknown[])
        : topProducts;
    if (typeof name !== 'string') return { kind: 'unknown', reason: 'a channel without a name' };
    // The heartbeat (and other uncarried channels) are accepted but name no data stream.
    if (!CARRIED.has(name)) continue;
    for (const product of products) {
      if (typeof product !== 'string' || product.length === 0) {
        return { kind: 'unknown', reason: `bad product id ${JSON.stringify(product)}` };
      }
      streams.push(spec(name, product));
    }
  }
  return { kind: type, streams };
}
