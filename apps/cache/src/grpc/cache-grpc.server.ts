import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  type GrpcObject,
  type sendUnaryData,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceClientConstructor,
  status,
} from '@grpc/grpc-js';
import { ConfigService, DRAIN_ORDER, DrainService, MetricsService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { CacheFeedService } from '../kafka/cache-feed.service';
import { MarketStateStore } from '../market-state/market-state.store';
import type { MarketState } from '../market-state/market-state.types';
import { MarketViewCache } from '../market-state/market-view.cache';
import {
  checkDepth,
  grpcBookRequestSchema,
  grpcStreamRequestSchema,
  grpcTradeRequestSchema,
  InvalidRequestError,
  type MarketRef,
  marketIdOf,
  parseRequest,
} from '../requests/market-request.schema';
import { MarketUpdatesHub } from '../stream/market-updates.hub';
import { bookMessage, latestTradeMessage, marketSummaryMessage } from './grpc-messages.util';
import { CACHE_SERVICE_NAME, loadProtos } from './proto-files.util';

const DEFAULT_STREAM_DEPTH = 20;
const SHUTDOWN_GRACE_MS = 3_000;

class GrpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

type ServingStatus = 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

/**
 * The gRPC server: tickline.cache.v1.CacheService and the standard grpc.health.v1.Health
 * (SERVING once the feed is live, for "" and the cache service's name).
 */
@Injectable()
export class CacheGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CacheGrpcServer.name);
  private readonly server = new Server();
  private readonly streams = new Set<ServerWritableStream<unknown, unknown>>();
  private readonly maxDepth: number;
  private readonly maxBuffered: number;
  private boundPort = 0;
  private readonly requests;

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly store: MarketStateStore,
    private readonly views: MarketViewCache,
    private readonly hub: MarketUpdatesHub,
    private readonly feed: CacheFeedService,
    drain: DrainService,
    metrics: MetricsService,
  ) {
    this.maxDepth = config.get('CACHE_MAX_DEPTH');
    this.maxBuffered = config.get('CACHE_STREAM_MAX_BUFFERED_BYTES');
    this.requests = metrics.counter({
      name: 'grpc_requests_total',
      help: 'gRPC calls answered, by method and status code.',
      labelNames: ['method', 'code'],
    });
    // Streams never end by themselves: close them before the server's graceful shutdown.
    drain.register('grpc streams', () => this.endStreams(), { order: DRAIN_ORDER.stopIntake });
  }

  /** The bound port (GRPC_PORT, or the one the system picked for 0). */
  get port(): number {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const protos = loadProtos();
    const cacheService = serviceOf(protos, ['tickline', 'cache', 'v1', 'CacheService']);
    const healthService = serviceOf(protos, ['grpc', 'health', 'v1', 'Health']);
    this.server.addService(cacheService.service, {
      GetLatestTrade: this.unary('GetLatestTrade', (request) => {
        const state =
          this.knownMarket(request) ??
          this.stateOf(
            parseRequest(grpcTradeRequestSchema, request, 'GetLatestTrade request').market,
          );
        const base = this.views.get(state, 'grpc:trade', 0, () =>
          latestTradeMessage(this.store.tradeOf(state)),
        );
        return { latest: { ...base, staleness: this.store.staleness(state) } };
      }),
      GetBook: this.unary('GetBook', (request) => {
        let state = this.knownMarket(request);
        let depth = (request as { depth?: unknown }).depth;
        if (
          state === undefined ||
          !Number.isInteger(depth) ||
          (depth as number) < 0 ||
          (depth as number) > this.maxDepth
        ) {
          const parsed = parseRequest(grpcBookRequestSchema, request, 'GetBook request');
          depth = checkDepth(parsed.depth === 0 ? undefined : parsed.depth, this.maxDepth) ?? 0;
          state = this.stateOf(parsed.market);
        }
        const at = depth as number;
        const base = this.views.get(state, 'grpc:book', at, () =>
          bookMessage(this.store.bookOf(state, at === 0 ? undefined : at)),
        );
        return { book: { ...base, staleness: this.store.staleness(state) } };
      }),
      ListMarkets: this.unary('ListMarkets', () => ({
        markets: this.store.listMarkets().map(marketSummaryMessage),
      })),
      Stream: (call: ServerWritableStream<unknown, unknown>) => this.stream(call),
    });
    this.server.addService(healthService.service, {
      Check: (
        call: ServerUnaryCall<{ service: string }, unknown>,
        callback: sendUnaryData<unknown>,
      ) => {
        const serving = this.servingStatus(call.request.service);
        if (serving === 'SERVICE_UNKNOWN') {
          callback({
            code: status.NOT_FOUND,
            details: `Unknown service "${call.request.service}"`,
          });
        } else {
          callback(null, { status: serving });
        }
      },
      Watch: (call: ServerWritableStream<{ service: string }, unknown>) => this.watchHealth(call),
    });

    const address = `${this.config.get('GRPC_HOST')}:${this.config.get('GRPC_PORT')}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.logger.log(`gRPC server listening on port ${this.boundPort}.`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.endStreams();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  /**
   * The market a well-formed request names, if the store knows it: the common case skips the
   * schema (a known market id can only have come from validated envelopes). Anything else goes
   * through the schema for its error message.
   */
  private knownMarket(request: unknown): MarketState | undefined {
    const market = (request as { market?: { venue?: unknown; symbol?: unknown } | null }).market;
    if (market === null || market === undefined) return undefined;
    const { venue, symbol } = market;
    if (typeof venue !== 'string' || typeof symbol !== 'string') return undefined;
    return this.store.find(venue, symbol);
  }

  private stateOf(market: MarketRef): MarketState {
    return this.store.get(marketIdOf(market)) ?? throwUnknown(market);
  }

  private unary(method: string, handle: (request: unknown) => unknown) {
    const ok = this.requests.labels(method, 'OK');
    return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      try {
        const response = handle(call.request);
        ok.inc();
        callback(null, response);
      } catch (error) {
        const failure = toGrpcError(error);
        this.requests.inc({ method, code: status[failure.code] ?? String(failure.code) });
        if (failure.code === status.INTERNAL) {
          this.logger.error(
            `${method} failed: ${error instanceof Error ? error.stack : String(error)}`,
          );
        }
        callback({ code: failure.code, details: failure.message });
      }
    };
  }

  private stream(call: ServerWritableStream<unknown, unknown>): void {
    let request;
    let depth: number;
    try {
      request = parseRequest(grpcStreamRequestSchema, call.request, 'Stream request');
      depth =
        checkDepth(request.depth === 0 ? undefined : request.depth, this.maxDepth) ??
        DEFAULT_STREAM_DEPTH;
      const unknown = request.markets
        .map(marketIdOf)
        .filter((id) => this.store.get(id) === undefined);
      if (unknown.length > 0) {
        throw new GrpcError(
          status.NOT_FOUND,
          `Unknown market(s) ${unknown.join(', ')}: the cache has received no event for them.`,
        );
      }
    } catch (error) {
      const failure = toGrpcError(error);
      this.requests.inc({ method: 'Stream', code: status[failure.code] ?? String(failure.code) });
      call.emit('error', { code: failure.code, details: failure.message });
      return;
    }
    this.requests.inc({ method: 'Stream', code: 'OK' });
    this.streams.add(call);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      this.streams.delete(call);
      call.end();
    };
    const write = (message: unknown) => {
      if (ended) return;
      if (call.writableLength > this.maxBuffered) {
        ended = true;
        unsubscribe();
        this.streams.delete(call);
        call.emit('error', {
          code: status.RESOURCE_EXHAUSTED,
          details: 'The client fell too far behind the stream.',
        });
        return;
      }
      call.write(message);
    };
    const { excludeTrades, excludeBooks } = request;
    const unsubscribe = this.hub.subscribe(request.markets.map(marketIdOf), depth, {
      trade: (view) => {
        if (!excludeTrades) write({ trade: latestTradeMessage(view) });
      },
      book: (view) => {
        if (!excludeBooks) write({ book: bookMessage(view) });
      },
      end,
    });
    call.on('cancelled', end);
    call.on('close', end);
  }

  private watchHealth(call: ServerWritableStream<{ service: string }, unknown>): void {
    let last: ServingStatus | undefined;
    const tick = () => {
      const current = this.servingStatus(call.request.service);
      if (current !== last) {
        last = current;
        call.write({ status: current });
      }
    };
    tick();
    const timer = setInterval(tick, 1_000);
    timer.unref();
    const stop = () => {
      clearInterval(timer);
      this.streams.delete(call);
    };
    this.streams.add(call);
    call.on('cancelled', stop);
    call.on('close', stop);
  }

  private servingStatus(service: string): ServingStatus {
    if (service !== '' && service !== CACHE_SERVICE_NAME) return 'SERVICE_UNKNOWN';
    return this.feed.feedStatus().phase === 'live' ? 'SERVING' : 'NOT_SERVING';
  }

  private endStreams(): void {
    for (const call of [...this.streams]) {
      this.streams.delete(call);
      call.end();
    }
  }
}

function serviceOf(protos: GrpcObject, path: string[]): ServiceClientConstructor {
  let node: unknown = protos;
  for (const part of path) node = (node as Record<string, unknown>)[part];
  return node as ServiceClientConstructor;
}

function throwUnknown(ref: MarketRef): never {
  throw new GrpcError(
    status.NOT_FOUND,
    `Unknown market ${marketIdOf(ref)}: the cache has received no event for it (ListMarkets lists the known markets).`,
  );
}

function toGrpcError(error: unknown): GrpcError {
  if (error instanceof GrpcError) return error;
  if (error instanceof InvalidRequestError)
    return new GrpcError(status.INVALID_ARGUMENT, error.message);
  return new GrpcError(status.INTERNAL, 'Internal error');
}
