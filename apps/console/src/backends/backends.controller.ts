import { Controller, Get, Param, Query } from '@nestjs/common';

import { AlertsFeedService } from '../alerts/alerts-feed.service';
import { MessageRatesService } from '../rates/message-rates.service';
import { BackendClient } from './backend.client';
import {
  alertsQuerySchema,
  bookQuerySchema,
  exportsQuerySchema,
  idParamsSchema,
  marketParamsSchema,
  parseRequest,
  runsQuerySchema,
} from './console-request.schema';

/** The page's JSON API: the backends' data, proxied, plus the console's own alerts and rates. */
@Controller('api')
export class BackendsController {
  constructor(
    private readonly backends: BackendClient,
    private readonly alerts: AlertsFeedService,
    private readonly rates: MessageRatesService,
  ) {}

  @Get('status')
  async status(): Promise<Record<string, boolean>> {
    const [cache, publisher, exporter] = await Promise.all(
      (['cache', 'publisher', 'exporter'] as const).map((b) => this.backends.ready(b)),
    );
    return { cache, publisher, exporter };
  }

  @Get('markets')
  markets(): Promise<unknown> {
    return this.backends.getJson('cache', '/v1/markets');
  }

  @Get('markets/:venue/:symbol/book')
  book(@Param() params: unknown, @Query() query: unknown): Promise<unknown> {
    const { venue, symbol } = parseRequest(marketParamsSchema, params, 'market');
    const { depth } = parseRequest(bookQuerySchema, query, 'book request');
    return this.backends.getJson(
      'cache',
      `/v1/markets/${venue}/${encodeURIComponent(symbol)}/book`,
      { depth },
    );
  }

  @Get('runs')
  runs(@Query() query: unknown): Promise<unknown> {
    return this.backends.getJson(
      'publisher',
      '/runs',
      parseRequest(runsQuerySchema, query, 'runs request'),
    );
  }

  @Get('runs/:id')
  run(@Param() params: unknown): Promise<unknown> {
    const { id } = parseRequest(idParamsSchema, params, 'run id');
    return this.backends.getJson('publisher', `/runs/${id}`);
  }

  @Get('exports')
  exports(@Query() query: unknown): Promise<unknown> {
    return this.backends.getJson(
      'exporter',
      '/exports',
      parseRequest(exportsQuerySchema, query, 'exports request'),
    );
  }

  @Get('catalog')
  catalog(): Promise<unknown> {
    return this.backends.getJson('exporter', '/catalog');
  }

  @Get('subscriptions')
  subscriptions(): Promise<unknown> {
    return this.backends.getJson('exporter', '/subscriptions');
  }

  @Get('alerts')
  alertList(@Query() query: unknown): ReturnType<AlertsFeedService['buffer']['list']> {
    const { kind, limit } = parseRequest(alertsQuerySchema, query, 'alerts request');
    return this.alerts.buffer.list(Number(limit ?? 100), kind);
  }

  @Get('rates')
  rateSeries(): ReturnType<MessageRatesService['rates']> {
    return this.rates.rates();
  }
}
