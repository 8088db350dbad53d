import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ConfigService, MetricsService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { MarketViewCache } from '../market-state/market-view.cache';
import { MarketStateStore } from '../market-state/market-state.store';
import type { MarketState } from '../market-state/market-state.types';
import { jsonBodyOf, stalenessJsonTail } from './market-json.util';

const PREFIX = '/v1/markets/';
const DEPTH_QUERY = /^depth=([1-9][0-9]{0,5})$/;
const JSON_TYPE = 'application/json; charset=utf-8';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The hot REST reads (`GET /v1/markets/:venue/:symbol/trade` and `.../book?depth=N` of a known
 * market) answered straight from the HTTP server with cached JSON, ahead of Express and Nest.
 * Anything it does not answer with 200 (unknown market, bad depth, other query parameters,
 * other methods) goes on to MarketsController, which owns validation and error answers, so
 * both paths give the same bytes for the same request.
 *
 * Why: at 10,000 requests/s on two cores, Express routing, Nest's pipeline, the per-request
 * log line and JSON.stringify of a book cost more than the read itself. These reads are
 * counted in `rest_fast_reads_total{route}` and not logged one by one.
 */
@Injectable()
export class FastReadRoute implements OnApplicationBootstrap {
  private readonly maxDepth: number;
  private readonly tradeReads: { inc(): void };
  private readonly bookReads: { inc(): void };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly store: MarketStateStore,
    private readonly views: MarketViewCache,
    config: ConfigService<AppConfig>,
    metrics: MetricsService,
  ) {
    this.maxDepth = config.get('CACHE_MAX_DEPTH');
    const reads = metrics.counter({
      name: 'rest_fast_reads_total',
      help: 'REST trade and book reads answered from cached JSON ahead of the router.',
      labelNames: ['route'],
    });
    this.tradeReads = reads.labels('trade');
    this.bookReads = reads.labels('book');
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server === undefined) return;
    const next = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.tryServe(req, res)) return;
      for (const listener of next) listener.call(server, req, res);
    });
  }

  /** Answers and returns true, or returns false and leaves the request untouched. */
  tryServe(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined || !url.startsWith(PREFIX)) return false;
    const question = url.indexOf('?');
    const path = question < 0 ? url : url.slice(0, question);
    const query = question < 0 ? '' : url.slice(question + 1);
    const venueEnd = path.indexOf('/', PREFIX.length);
    const symbolEnd = venueEnd < 0 ? -1 : path.indexOf('/', venueEnd + 1);
    if (symbolEnd < 0) return false;
    const kind = path.slice(symbolEnd + 1);
    const state = this.stateOf(
      path.slice(PREFIX.length, venueEnd),
      path.slice(venueEnd + 1, symbolEnd),
    );
    if (state === undefined) return false;
    let body: string;
    if (kind === 'trade' && query === '') {
      body = this.views.get(state, 'rest:trade', 0, () => jsonBodyOf(this.store.tradeOf(state)));
      this.tradeReads.inc();
    } else if (kind === 'book') {
      const depth = this.depthOf(query);
      if (depth === undefined) return false;
      body = this.views.get(state, 'rest:book', depth, () =>
        jsonBodyOf(this.store.bookOf(state, depth === 0 ? undefined : depth)),
      );
      this.bookReads.inc();
    } else {
      return false;
    }
    const text = body + stalenessJsonTail(this.store.staleness(state));
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return true;
  }

  private stateOf(venue: string, encodedSymbol: string): MarketState | undefined {
    // A venue is a plain word; an encoded one is for the controller to judge.
    if (venue.includes('%')) return undefined;
    let symbol = encodedSymbol;
    if (symbol.includes('%')) {
      try {
        symbol = decodeURIComponent(symbol);
      } catch {
        return undefined;
      }
    }
    return this.store.find(venue, symbol);
  }

  /** 0 for the whole book, the depth, or undefined for anything the controller must judge. */
  private depthOf(query: string): number | undefined {
    if (query === '') return 0;
    const match = DEPTH_QUERY.exec(query);
    if (match === null) return undefined;
    const depth = Number(match[1]);
    return depth <= this.maxDepth ? depth : undefined;
  }
}
