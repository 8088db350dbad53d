import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Venue } from '@tickline/domain';
import type { Request, Response } from 'express';

import { ReplayService } from '../replay/replay.service';
import { BINANCE_DEPTH_LIMIT_MAX } from '../venues/binance.codec';

const BINANCE_SYMBOL = /^[A-Z0-9-_.]{1,20}$/;

/**
 * The venues' REST snapshot endpoints, answered from the replay's book at the position its
 * stream has reached (so a client following the venue's sync rule lines up with the socket).
 * Each is also served under `/t/<tag>/` like the WebSockets. Errors use the venue's own shapes.
 */
@Controller()
export class VenueRestController {
  constructor(private readonly replay: ReplayService) {}

  /** Binance `GET /api/v3/depth?symbol=&limit=` (limit 1-5000, default 100). */
  @Get(['binance/api/v3/depth', 't/:tag/binance/api/v3/depth'])
  binanceDepth(
    @Req() request: Request,
    @Res() response: Response,
    @Query('symbol') symbol?: string,
    @Query('limit') limit?: string,
  ): void {
    if (symbol === undefined || symbol === '') {
      response.status(400).json({
        code: -1102,
        msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
      });
      return;
    }
    if (!BINANCE_SYMBOL.test(symbol)) {
      response.status(400).json({
        code: -1100,
        msg: "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.",
      });
      return;
    }
    const value = limit === undefined ? undefined : Number(limit);
    if (
      value !== undefined &&
      (!Number.isInteger(value) || value < 1 || value > BINANCE_DEPTH_LIMIT_MAX)
    ) {
      response.status(400).json({
        code: -1100,
        msg: "Illegal characters found in parameter 'limit'; legal range is '1-5000'.",
      });
      return;
    }
    const body = this.snapshot('binance', request);
    if (body === undefined) {
      response.status(400).json({ code: -1121, msg: 'Invalid symbol.' });
      return;
    }
    response.status(200).type('application/json').send(body);
  }

  /** Bitstamp `GET /api/v2/order_book/{pair}/`. */
  @Get(['bitstamp/api/v2/order_book/:pair', 't/:tag/bitstamp/api/v2/order_book/:pair'])
  bitstampOrderBook(
    @Req() request: Request,
    @Res() response: Response,
    @Param('pair') pair: string,
  ): void {
    const body = this.snapshot('bitstamp', request);
    if (body === undefined) {
      response.status(404).json({ status: 'error', reason: `Unknown currency pair ${pair}.` });
      return;
    }
    response.status(200).type('application/json').send(body);
  }

  private snapshot(venue: Venue, request: Request): string | undefined {
    const url = new URL(request.originalUrl, 'http://replay.local');
    return this.replay.session(venue)?.restSnapshot(url);
  }
}
