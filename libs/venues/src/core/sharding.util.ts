import type { StreamSpec, Subscription, VenueAdapter } from './venue-adapter.interface';

/**
 * Splits streams over connections, at most `maxPerConnection` each. Streams of one symbol stay
 * on one connection (a market's trades and book then share fate: one reconnect, one resync), and
 * the result is deterministic: the same input always gives the same shards, so replicas and
 * restarts agree on which connection carries what.
 */
export function shardStreams<T extends Pick<StreamSpec, 'symbol'>>(
  streams: readonly T[],
  maxPerConnection: number,
): T[][] {
  if (!Number.isInteger(maxPerConnection) || maxPerConnection < 1) {
    throw new Error(`maxPerConnection must be a positive integer, got ${maxPerConnection}`);
  }
  const bySymbol = new Map<string, T[]>();
  for (const stream of streams) {
    const group = bySymbol.get(stream.symbol);
    if (group) group.push(stream);
    else bySymbol.set(stream.symbol, [stream]);
  }
  const shards: T[][] = [];
  let current: T[] = [];
  for (const group of bySymbol.values()) {
    if (current.length + group.length > maxPerConnection && current.length > 0) {
      shards.push(current);
      current = [];
    }
    // A symbol with more streams than a connection holds is split (no venue needs this today).
    for (const stream of group) {
      if (current.length === maxPerConnection) {
        shards.push(current);
        current = [];
      }
      current.push(stream);
    }
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

/** Splits a list into chunks of at most `size` (subscribe frames within a venue's per-frame cap). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ConnectionPlan {
  /** 0-based connection number within the venue. */
  readonly index: number;
  readonly url: string;
  readonly streams: readonly StreamSpec[];
  /** Frames to send in order after the socket opens, paced by `limits.maxClientFramesPerSecond`. */
  readonly subscribeFrames: readonly string[];
}

/** Streams for the subscriptions, sharded within the venue's caps, with URL and frames each. */
export function planConnections(
  adapter: VenueAdapter,
  subscriptions: readonly Subscription[],
): ConnectionPlan[] {
  const shards = shardStreams(
    adapter.streams(subscriptions),
    adapter.limits.maxStreamsPerConnection,
  );
  return shards.map((streams, index) => ({
    index,
    url: adapter.connectionUrl(streams),
    streams,
    subscribeFrames: adapter.subscribeFrames(streams),
  }));
}

/** Deduplicates streams by name, keeping first-asked order. */
export function uniqueStreams(streams: Iterable<StreamSpec>): StreamSpec[] {
  const seen = new Map<string, StreamSpec>();
  for (const stream of streams) if (!seen.has(stream.name)) seen.set(stream.name, stream);
  return [...seen.values()];
}

/** The channel a subscription needs: trades for `trade`, the book stream for both book types. */
export function channelOf(subscription: Subscription): 'trades' | 'book' {
  return subscription.dataType === 'trade' ? 'trades' : 'book';
}
