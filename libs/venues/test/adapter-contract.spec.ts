import { safeParseEnvelope, SchemaValidationError, type Venue, VENUES } from '@tickline/domain';

import { readCapture } from '../src/capture/capture-line.util';
import { IGNORE_REASONS } from '../src/core/map-result.type';
import { planConnections } from '../src/core/sharding.util';
import type { StreamSpec, Subscription, VenueAdapter } from '../src/core/venue-adapter.interface';
import { MAPPING_ERROR_REASONS, VenueMappingError } from '../src/core/venue-mapping.error';
import { createVenueAdapter, VENUE_DEFINITIONS } from '../src/registry';
import { fixturePath } from './fixtures.util';
import { CONTEXT } from './mapping.util';

// The contract every adapter honours, checked for all six venues the same way.

/** A symbol in each venue's own spelling. */
function symbolOf(venue: Venue, i: number): string {
  const base = `C${i}`;
  switch (venue) {
    case 'binance':
    case 'bybit':
      return `${base}USDT`;
    case 'coinbase':
    case 'okx':
      return `${base}-USD`;
    case 'kraken':
      return `${base}/USD`;
    case 'bitstamp':
      return `${base.toLowerCase()}usd`;
  }
}

function subscriptionsFor(venue: Venue, symbols: number): Subscription[] {
  return Array.from({ length: symbols }, (_, i) => symbolOf(venue, i)).flatMap((symbol) => [
    { symbol, dataType: 'trade' as const },
    { symbol, dataType: 'book_delta' as const },
    { symbol, dataType: 'book_snapshot' as const },
  ]);
}

/** Every stream named by a list of client frames, read back the way a venue would. */
function streamsOfFrames(
  adapter: VenueAdapter,
  frames: readonly string[],
  kind: string,
): StreamSpec[] {
  return frames.flatMap((frame) => {
    const parsed = adapter.parseClientFrame(frame);
    if (parsed.kind !== kind) throw new Error(`${frame} read as ${parsed.kind}`);
    if (parsed.kind !== 'subscribe' && parsed.kind !== 'unsubscribe') return [];
    expect(parsed.streams.length).toBeLessThanOrEqual(adapter.limits.maxStreamsPerFrame);
    return [...parsed.streams];
  });
}

/** Real frames of each venue (Bybit: its documented samples) for robustness checks. */
const SAMPLE_FRAMES: Readonly<Record<Venue, () => string[]>> = {
  binance: () => received('BINANCE.ws.1.0'),
  coinbase: () => received('COINBASE.ws.28.0').slice(0, 400),
  kraken: () => [...received('KRAKEN.ws.48.0'), ...received('KRAKEN.ws.50.0').slice(0, 300)],
  bitstamp: () => received('BITSTAMP.ws.1.0').slice(0, 300),
  okx: () => received('OKX.ws.1.0'),
  bybit: () => [
    '{"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1680673821591,"data":{"s":"BTCUSDT","b":[["28555.20","0.597"]],"a":[["28555.30","0.225"]],"u":20683568,"seq":10916156551}}',
    '{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1680673821651,"data":{"s":"BTCUSDT","b":[["28555.20","0.677"]],"a":[["28555.30","0.029"]],"u":20683569,"seq":10916156553}}',
    '{"topic":"publicTrade.LTCUSDT","type":"snapshot","ts":1680688979985,"data":[{"T":1680688979983,"s":"LTCUSDT","S":"Buy","v":"0.4","p":"94.53","L":"ZeroMinusTick","i":"4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f","BT":false}]}',
  ],
};

function byName(streams: readonly StreamSpec[]): StreamSpec[] {
  return [...streams].sort((a, b) => a.name.localeCompare(b.name));
}

function received(capture: string): string[] {
  return readCapture(fixturePath(capture))
    .filter((line) => line.kind === 'received')
    .map((line) => line.body);
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each([...VENUES])('%s adapter contract', (venue) => {
  const adapter = createVenueAdapter(venue);

  it('names one trades and one book stream per symbol, each parseable by name', () => {
    const streams = adapter.streams(subscriptionsFor(venue, 3));
    expect(streams).toHaveLength(6);
    expect(new Set(streams.map((s) => s.name)).size).toBe(6);
    for (const stream of streams) expect(adapter.parseStreamName(stream.name)).toEqual(stream);
    expect(
      streams.filter((s) => s.channel === 'trades').every((s) => s.dataTypes.includes('trade')),
    ).toBe(true);
    expect(
      streams.filter((s) => s.channel === 'book').every((s) => s.dataTypes.includes('book_delta')),
    ).toBe(true);
  });

  it('subscribes and unsubscribes exactly its streams, within the per-frame cap', () => {
    const streams = adapter.streams(subscriptionsFor(venue, 40));
    // Venues that group frames by channel name the streams in another order: compare as sets.
    expect(byName(streamsOfFrames(adapter, adapter.subscribeFrames(streams), 'subscribe'))).toEqual(
      byName(streams),
    );
    expect(
      byName(streamsOfFrames(adapter, adapter.unsubscribeFrames(streams), 'unsubscribe')),
    ).toEqual(byName(streams));
  });

  it('shards 2,500 markets (5,000 streams) over connections within the venue caps', () => {
    const subscriptions = subscriptionsFor(venue, 2_500);
    const plans = planConnections(adapter, subscriptions);
    const cap = adapter.limits.maxStreamsPerConnection;
    expect(plans.length).toBe(Math.ceil(5_000 / (cap - (cap % 2))));
    const seen = new Set<string>();
    const symbolConnection = new Map<string, number>();
    for (const plan of plans) {
      expect(plan.streams.length).toBeLessThanOrEqual(cap);
      expect(plan.url.startsWith(adapter.wsUrl.replace(/\/$/, ''))).toBe(true);
      const subscribed = [
        ...adapter.streamsOfUrl(plan.url),
        ...streamsOfFrames(adapter, plan.subscribeFrames, 'subscribe'),
      ];
      expect(byName(subscribed)).toEqual(byName(plan.streams));
      for (const stream of plan.streams) {
        expect(seen.has(stream.name)).toBe(false);
        seen.add(stream.name);
        // A market's trades and book share one connection.
        expect(symbolConnection.get(stream.symbol) ?? plan.index).toBe(plan.index);
        symbolConnection.set(stream.symbol, plan.index);
      }
    }
    expect(seen.size).toBe(5_000);
    expect(planConnections(adapter, subscriptions)).toEqual(plans);
  });

  it('states its heartbeat: a ping the venue reads as a ping, and a stale limit above the ping interval', () => {
    const { clientPing, serverHeartbeatMs, staleAfterMs, wsPingIntervalMs } = adapter.heartbeat;
    if (clientPing) expect(adapter.parseClientFrame(clientPing.frame(1)).kind).toBe('ping');
    // Something must arrive on a quiet connection well before it is declared stale: the venue's
    // own heartbeat, or the answer to the client's ping.
    const quietInterval = Math.min(
      serverHeartbeatMs ?? Infinity,
      clientPing?.intervalMs ?? Infinity,
      wsPingIntervalMs ?? Infinity,
    );
    expect(quietInterval).toBeLessThan(staleAfterMs);
    expect(adapter.heartbeat.notes.length).toBeGreaterThan(20);
    expect(adapter.limits.basis.length).toBeGreaterThan(20);
  });

  it('maps garbage and foreign JSON to typed errors naming the venue, never throwing', () => {
    const mapper = adapter.createMapper(CONTEXT);
    for (const frame of [
      '',
      'garbage',
      '{"a":',
      '\u0000\u0001',
      'null',
      '42',
      '"text"',
      '{}',
      '{"foo":1}',
      '[1,2,3]',
    ]) {
      const result = mapper.map(frame, 1_700_000_000_000_000);
      expect({ frame, kind: result.kind }).toEqual({ frame, kind: 'error' });
      if (result.kind === 'error') {
        expect(result.error).toBeInstanceOf(VenueMappingError);
        expect(result.error.venue).toBe(venue);
        expect(result.error.message.startsWith(`${venue} `)).toBe(true);
      }
    }
  });

  it('survives truncated and corrupted real frames: every outcome is typed, every envelope valid', () => {
    const mapper = adapter.createMapper(CONTEXT);
    const random = mulberry32(VENUES.indexOf(venue) + 1);
    const replacements = ['"NaN"', '1e999', '-1', 'null', '"0.-10000"', '[]', '{}', '"x"', '1.5'];
    const outcomes = new Map<string, number>();
    for (const frame of SAMPLE_FRAMES[venue]()) {
      const variants = [frame, frame.slice(0, Math.floor(random() * frame.length))];
      // Replace one JSON value (after a colon or comma) with something a venue should never send.
      const at = frame.indexOf(':', Math.floor(random() * frame.length));
      if (at > 0) {
        const end = frame.slice(at + 1).search(/[,}\]]/);
        if (end > 0) {
          const value = replacements[Math.floor(random() * replacements.length)] as string;
          variants.push(frame.slice(0, at + 1) + value + frame.slice(at + 1 + end));
        }
      }
      for (const variant of variants) {
        const result = mapper.map(variant, 1_700_000_000_000_000);
        const key =
          result.kind === 'error'
            ? `error:${result.error.reason}`
            : result.kind === 'ignored'
              ? `ignored:${result.reason}`
              : 'events';
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        if (result.kind === 'error') {
          expect(MAPPING_ERROR_REASONS).toContain(result.error.reason);
          expect(result.error.venue).toBe(venue);
        } else if (result.kind === 'ignored') {
          expect(IGNORE_REASONS).toContain(result.reason);
        } else {
          expect(result.events.length).toBeGreaterThan(0);
          for (const event of result.events) {
            const check = safeParseEnvelope(event);
            expect(check.success ? 'valid' : check.error.message).toBe('valid');
          }
        }
      }
    }
    expect(outcomes.get('events')).toBeGreaterThan(0);
    expect([...outcomes.keys()].some((key) => key.startsWith('error:'))).toBe(true);
  });

  it('names the stream of every data frame, and no stream for control frames', () => {
    const mapper = adapter.createMapper(CONTEXT);
    let data = 0;
    for (const frame of SAMPLE_FRAMES[venue]()) {
      const result = mapper.map(frame, 1_700_000_000_000_000);
      const name = adapter.streamNameOf(frame);
      if (result.kind === 'events') {
        data++;
        const stream = adapter.parseStreamName(name ?? '');
        const event = result.events[0];
        expect({ symbol: stream?.symbol, channel: stream?.channel }).toEqual({
          symbol: event?.symbol,
          channel: event?.type === 'trade' ? 'trades' : 'book',
        });
      } else if (
        result.kind === 'ignored' &&
        result.reason !== 'unsupported_channel' &&
        result.reason !== 'replay'
      ) {
        expect({ frame, name }).toEqual({ frame, name: undefined });
      }
    }
    expect(data).toBeGreaterThan(0);
    expect(adapter.streamNameOf('garbage')).toBeUndefined();
  });

  it('points the same code at another base URL (the replay server)', () => {
    const local = createVenueAdapter(venue, {
      wsUrl: `ws://127.0.0.1:9100/${venue}`,
      restUrl: `http://127.0.0.1:9100/${venue}`,
    });
    const [plan] = planConnections(local, subscriptionsFor(venue, 1));
    expect(plan?.url.startsWith(`ws://127.0.0.1:9100/${venue}`)).toBe(true);
    expect(local.restUrl).toBe(`http://127.0.0.1:9100/${venue}`);
    const request = local.snapshot?.request(symbolOf(venue, 1));
    if (request) expect(request.url.startsWith(`http://127.0.0.1:9100/${venue}/`)).toBe(true);
    expect(local.bookSnapshotSource === 'rest').toBe(local.snapshot !== undefined);
  });
});

describe('registry', () => {
  it('has one definition per venue, keyed by venue id', () => {
    expect(Object.keys(VENUE_DEFINITIONS)).toEqual([...VENUES]);
    for (const venue of VENUES) expect(VENUE_DEFINITIONS[venue].venue).toBe(venue);
  });

  it('rejects unknown or invalid options with the field named', () => {
    expect(() => createVenueAdapter('binance', { depthInterval: '10ms' })).toThrow(
      SchemaValidationError,
    );
    expect(() => createVenueAdapter('kraken', { bookDepth: 7 })).toThrow(
      'Invalid kraken adapter options: bookDepth',
    );
    expect(() => createVenueAdapter('okx', { wsurl: 'ws://x' })).toThrow('wsurl');
    expect(() => createVenueAdapter('coinbase', { markets: { 'BTC-USD': 'btc/usd' } })).toThrow(
      'markets["BTC-USD"]: expected a market',
    );
  });
});
