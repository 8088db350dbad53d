import { Logger } from '@nestjs/common';
import {
  nowMicros,
  type BookEnvelope,
  type BookSnapshotEnvelope,
  type DataType,
  type Venue,
} from '@tickline/domain';
import type { GapReason, LakeStream } from '@tickline/lake';
import type { MapperContext, StreamSpec, VenueMapper } from '@tickline/venues';

import type { VenueSetup } from '../config/load-subscriptions.util';
import { backoffDelayMs, type BackoffOptions } from '../connection/backoff.util';
import { VenueConnection } from '../connection/venue-connection';
import { BurstLimiter } from '../market/burst-limiter.model';
import type { AlertSink, EnvelopeSink } from '../market/ingest-sinks.interface';
import { MarketPipeline, type MarketHost } from '../market/market-pipeline';
import type { IngestMetrics } from './ingest-metrics.interface';

/**
 * The lake streams a book sync vouches for: the diffs, and the periodic snapshots taken from the
 * synced book (identical on every replica synced since before their window began).
 */
const BOOK_TYPES = ['book_delta', 'book_snapshot'] as const;

/** What the lake needs to know about stream continuity (see LakeRecorder). */
export interface StreamBreaks {
  /** The stream is complete only from `markContinuous` on (book diffs: from the book sync). */
  requireMark(stream: LakeStream): void;
  markContinuous(stream: LakeStream, sinceUs: number): void;
  reportGap(
    stream: LakeStream,
    reason: GapReason,
    afterExchangeUs?: number,
    expected?: number,
    received?: number,
  ): void;
}

export interface VenueIngestOptions {
  readonly lake?: StreamBreaks;
  readonly context: MapperContext;
  readonly sink: EnvelopeSink;
  readonly alerts: AlertSink;
  readonly metrics: IngestMetrics;
  readonly backoff: BackoffOptions;
  readonly snapshotIntervalMs: number;
  readonly alertBurstWindowMs: number;
  /** REST snapshot requests in flight per venue at most (venues weigh them heavily). */
  readonly snapshotConcurrency?: number;
  readonly snapshotTimeoutMs?: number;
  readonly random?: () => number;
}

/**
 * Everything of one venue: its connections (one per shard of the plan), a mapper per
 * connection (mappers keep per-connection state, e.g. Kraken channel ids), one pipeline per
 * market, and REST snapshot fetching with retry and a concurrency cap.
 */
export class VenueIngest implements MarketHost {
  readonly venue: Venue;
  readonly markets = new Map<string, MarketPipeline>();
  readonly connections: VenueConnection[];
  readonly sink: EnvelopeSink;
  readonly alerts: AlertSink;
  readonly metrics: IngestMetrics;
  private readonly logger = new Logger(VenueIngest.name);
  private readonly mappers = new Map<VenueConnection, VenueMapper>();
  private readonly bookStreams = new Map<
    string,
    { connection: VenueConnection; stream: StreamSpec }
  >();
  private readonly snapshotMapper: VenueMapper;
  /** Markets with a snapshot queued or in flight; true when another one is wanted after it. */
  private readonly snapshotsWanted = new Map<MarketPipeline, boolean>();
  private readonly snapshotQueue: MarketPipeline[] = [];
  private readonly burst: BurstLimiter;
  private snapshotsInFlight = 0;
  /** The latest exchange time of a trade or diff received from the venue. */
  exchangeClockUs: number | undefined;
  private stopped = false;

  constructor(
    private readonly setup: VenueSetup,
    private readonly options: VenueIngestOptions,
  ) {
    this.venue = setup.venue;
    this.sink = options.sink;
    this.alerts = options.alerts;
    this.metrics = options.metrics;
    this.burst = new BurstLimiter(options.alertBurstWindowMs);
    this.snapshotMapper = setup.adapter.createMapper(options.context);
    const bookSymbols = new Set(
      setup.subscriptions.filter((s) => s.dataType !== 'trade').map((s) => s.symbol),
    );
    for (const { symbol } of setup.subscriptions) {
      if (this.markets.has(symbol)) continue;
      const sync = bookSymbols.has(symbol) ? setup.adapter.createBookSync(symbol) : undefined;
      this.markets.set(
        symbol,
        new MarketPipeline(this.venue, symbol, sync, this, options.snapshotIntervalMs * 1000),
      );
    }
    this.connections = setup.connections.map(
      (plan) =>
        new VenueConnection(
          setup.adapter,
          plan,
          {
            onFrame: (frame, receiveTimeUs, connection) =>
              this.onFrame(frame, receiveTimeUs, connection),
            onOpen: (connection, reconnect) => this.onOpen(connection, reconnect),
            onDown: (connection, reason) => this.onDown(connection, reason),
          },
          { backoff: options.backoff, ...(options.random ? { random: options.random } : {}) },
        ),
    );
    for (const connection of this.connections) {
      for (const stream of connection.plan.streams) {
        if (stream.channel === 'book') this.bookStreams.set(stream.symbol, { connection, stream });
      }
    }
    for (const symbol of bookSymbols) {
      const market = setup.adapter.marketOf(symbol);
      for (const type of BOOK_TYPES) {
        if (market) options.lake?.requireMark(this.lakeStream(type, market));
      }
    }
  }

  get snapshotAtVenueTime(): boolean {
    return this.setup.adapter.snapshotAtVenueTime;
  }

  start(): void {
    this.stopped = false;
    for (const connection of this.connections) connection.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.connections.map((connection) => connection.stop()));
  }

  pause(): void {
    for (const connection of this.connections) connection.pause();
  }

  resume(): void {
    for (const connection of this.connections) connection.resume();
  }

  /** One received frame: map it and route each envelope to its market. Never throws. */
  onFrame(frame: string, receiveTimeUs: number, connection: VenueConnection): void {
    this.metrics.frame(this.venue, Buffer.byteLength(frame));
    const mapper = this.mapperOf(connection);
    const result = mapper.map(frame, receiveTimeUs);
    switch (result.kind) {
      case 'events':
        for (const event of result.events) {
          const market = this.markets.get(event.symbol);
          if (!market) {
            this.metrics.drop(this.venue, 'unsubscribed_symbol');
            continue;
          }
          this.metrics.message(this.venue, event.type, event.receiveTimeUs - event.exchangeTimeUs);
          if (
            event.type !== 'book_snapshot' &&
            (this.exchangeClockUs === undefined || event.exchangeTimeUs > this.exchangeClockUs)
          ) {
            this.exchangeClockUs = event.exchangeTimeUs;
          }
          market.handle(event);
        }
        return;
      case 'ignored':
        this.metrics.ignored(this.venue, result.reason);
        if (result.reason === 'venue_error') {
          this.burstAlert(
            'venue_error',
            'schema_error',
            `${this.venue} refused a request: ${result.detail ?? 'no detail'}.`,
          );
        } else if (result.reason === 'reconnect_request') {
          connection.recycle('the venue asked for a reconnect');
        }
        return;
      case 'error':
        this.metrics.frameError(this.venue, result.error.reason);
        this.burstAlert(
          `bad_frame:${result.error.reason}`,
          'schema_error',
          `Bad ${this.venue} frame on ${connection.id}: ${result.error.message}`,
          { field: result.error.path ?? '', reason: result.error.reason },
        );
        return;
    }
  }

  requestSnapshot(market: MarketPipeline, reason: string): void {
    if (!this.setup.adapter.snapshot || this.stopped) return;
    if (this.snapshotsWanted.has(market)) {
      // A resync decided while handling the snapshot just fetched needs a fresh one after it.
      this.snapshotsWanted.set(market, true);
      return;
    }
    this.logger.debug(`Fetching the ${market.key} snapshot (${reason}).`);
    this.snapshotsWanted.set(market, false);
    this.snapshotQueue.push(market);
    this.pumpSnapshots();
  }

  bookContinuous(market: MarketPipeline, event: BookEnvelope, sinceUs: number): void {
    this.logger.debug(`The ${market.key} book stream is complete from ${sinceUs} on.`);
    for (const type of BOOK_TYPES) {
      this.options.lake?.markContinuous(this.lakeStream(type, event.market), sinceUs);
    }
  }

  ownSnapshot(_market: MarketPipeline, event: BookSnapshotEnvelope): void {
    this.options.lake?.reportGap(this.lakeStream('book_snapshot', event.market), 'resync');
  }

  resubscribeBook(market: MarketPipeline): void {
    const carrier = this.bookStreams.get(market.symbol);
    if (!carrier) return;
    const adapter = this.setup.adapter;
    carrier.connection.send([
      ...adapter.unsubscribeFrames([carrier.stream]),
      ...adapter.subscribeFrames([carrier.stream]),
    ]);
  }

  breakBookStream(
    market: MarketPipeline,
    event: BookEnvelope,
    reason: 'gap' | 'checksum' | 'resync',
    afterUs: number,
    expected?: number,
    received?: number,
  ): void {
    this.logger.debug(`The ${market.key} book stream broke (${reason}) after ${afterUs}.`);
    for (const type of BOOK_TYPES) {
      this.options.lake?.reportGap(
        this.lakeStream(type, event.market),
        reason,
        afterUs,
        expected,
        received,
      );
    }
  }

  private lakeStream(type: DataType, market: string): LakeStream {
    return { system: this.options.context.system, type, venue: this.venue, market };
  }

  private pumpSnapshots(): void {
    const limit = this.options.snapshotConcurrency ?? 4;
    while (this.snapshotsInFlight < limit && this.snapshotQueue.length > 0) {
      const market = this.snapshotQueue.shift();
      if (!market) break;
      this.snapshotsInFlight += 1;
      void this.fetchSnapshot(market).finally(() => {
        this.snapshotsInFlight -= 1;
        const again = this.snapshotsWanted.get(market) === true;
        this.snapshotsWanted.delete(market);
        if (again) this.requestSnapshot(market, 'resync after the last snapshot');
        this.pumpSnapshots();
      });
    }
  }

  /** Fetches until one snapshot arrives and is handled, backing off between failures. */
  private async fetchSnapshot(market: MarketPipeline): Promise<void> {
    const spec = this.setup.adapter.snapshot;
    if (!spec) return;
    const request = spec.request(market.symbol);
    // A repeated fetch (the last snapshot was older than the buffered diffs) waits first.
    let attempt = market.snapshotAttempts;
    market.snapshotAttempts += 1;
    for (;;) {
      if (attempt > 0)
        await sleep(backoffDelayMs(attempt - 1, this.options.backoff, this.options.random));
      if (this.stopped) return;
      attempt += 1;
      try {
        const response = await fetch(request.url, {
          signal: AbortSignal.timeout(this.options.snapshotTimeoutMs ?? 10_000),
        });
        const body = await response.text();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const result = this.snapshotMapper.mapSnapshot?.(request, body, nowMicros());
        if (!result || result.kind !== 'events') {
          const why =
            result?.kind === 'error' ? result.error.message : 'no snapshot in the response';
          this.metrics.frameError(this.venue, 'snapshot');
          throw new Error(why);
        }
        if (this.stopped) return;
        for (const event of result.events) {
          this.metrics.snapshot(this.venue, 'venue');
          market.handle(event);
        }
        return;
      } catch (error) {
        this.logger.warn(
          `Snapshot of ${market.key} failed (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  private onOpen(connection: VenueConnection, reconnect: boolean): void {
    this.mappers.set(connection, this.setup.adapter.createMapper(this.options.context));
    this.metrics.connectionState(this.venue, this.openCount());
    if (!reconnect) return;
    const symbols = [...new Set(connection.plan.streams.map((stream) => stream.symbol))];
    for (const symbol of symbols) {
      this.markets.get(symbol)?.reset();
      const market = this.setup.adapter.marketOf(symbol);
      if (!market) continue;
      // Whatever the venue sent while we were away is missing from every stream of the market.
      for (const type of ['trade', ...BOOK_TYPES] as const) {
        this.options.lake?.reportGap(this.lakeStream(type, market), 'reconnect');
      }
    }
    this.alerts.alert({
      venue: this.venue,
      kind: 'reconnect',
      severity: 'warning',
      message: `Connection ${connection.id} reconnected (${connection.reconnects} so far); ${symbols.length} markets resubscribed and resynced.`,
      detail: {
        reason: 'reconnected',
        count: connection.reconnects,
        connection: connection.id,
        markets: symbols.length,
      },
    });
  }

  private onDown(connection: VenueConnection, reason: string): void {
    this.metrics.reconnect(this.venue);
    this.metrics.connectionState(this.venue, this.openCount());
    // Alert once when an open connection is lost; failed attempts after that are only counted.
    if (connection.failedAttempts === 1) {
      this.alerts.alert({
        venue: this.venue,
        kind: 'reconnect',
        severity: 'warning',
        message: `Connection ${connection.id} was lost (${reason}); reconnecting with back-off.`,
        detail: { reason: 'connection_lost', connection: connection.id, cause: reason },
      });
    }
  }

  private openCount(): number {
    return this.connections.filter((connection) => connection.isOpen).length;
  }

  private mapperOf(connection: VenueConnection): VenueMapper {
    let mapper = this.mappers.get(connection);
    if (!mapper) {
      mapper = this.setup.adapter.createMapper(this.options.context);
      this.mappers.set(connection, mapper);
    }
    return mapper;
  }

  private burstAlert(
    key: string,
    kind: 'schema_error',
    message: string,
    detail: Record<string, string> = {},
  ): void {
    const suppressed = this.burst.admit(key, Date.now());
    if (suppressed === undefined) return;
    this.alerts.alert({
      venue: this.venue,
      kind,
      severity: 'warning',
      message: suppressed > 0 ? `${message} (${suppressed} more since the last alert)` : message,
      detail: { ...detail, count: suppressed + 1 },
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
