import { Controller, Get, Logger, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';
import type { Request, Response } from 'express';

import type { AppConfig } from '../app-config.schema';
import { MarketStateStore } from '../market-state/market-state.store';
import {
  checkDepth,
  marketIdOf,
  marketListQuerySchema,
  parseRequest,
} from '../requests/market-request.schema';
import { validated } from '../rest/validated.util';
import { MarketUpdatesHub } from './market-updates.hub';

const DEFAULT_STREAM_DEPTH = 20;
const HEARTBEAT_MS = 15_000;

/** Server-sent events for browsers: `GET /v1/stream?markets=binance:BTCUSDT,...&depth=N`. */
@Controller('v1')
export class StreamController {
  private readonly logger = new Logger(StreamController.name);
  private readonly maxDepth: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly store: MarketStateStore,
    private readonly hub: MarketUpdatesHub,
    config: ConfigService<AppConfig>,
  ) {
    this.maxDepth = config.get('CACHE_MAX_DEPTH');
    this.maxBuffered = config.get('CACHE_STREAM_MAX_BUFFERED_BYTES');
  }

  @Get('stream')
  stream(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): void {
    const request = validated(() => parseRequest(marketListQuerySchema, query, 'stream request'));
    const depth = validated(() => checkDepth(request.depth, this.maxDepth)) ?? DEFAULT_STREAM_DEPTH;
    const ids = request.markets.map(marketIdOf);
    const unknown = ids.filter((id) => this.store.get(id) === undefined);
    if (unknown.length > 0) {
      throw new NotFoundException(
        `Unknown market(s) ${unknown.join(', ')}: the cache has received no event for them.`,
      );
    }

    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();

    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    const send = (event: string, data: unknown) => {
      if (closed) return;
      if (res.writableLength > this.maxBuffered) {
        // A client that cannot keep up is dropped rather than buffered without bound.
        this.logger.warn(`Closing a stream of ${ids.join(', ')}: the client fell too far behind.`);
        close();
        return;
      }
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const unsubscribe = this.hub.subscribe(ids, depth, {
      trade: (view) => send('trade', view),
      book: (view) => send('book', view),
      end: close,
    });
    req.on('close', close);
  }
}
