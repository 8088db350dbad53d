import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { MarketStateStore } from '../market-state/market-state.store';
import type { BookView, MarketSummary, TradeView } from '../market-state/market-state.types';
import {
  bookQuerySchema,
  checkDepth,
  type MarketRef,
  marketIdOf,
  marketRefSchema,
  parseRequest,
} from '../requests/market-request.schema';
import { validated } from './validated.util';

/** REST reads of the cache (documented in /openapi.json). */
@Controller('v1/markets')
export class MarketsController {
  private readonly maxDepth: number;

  constructor(
    private readonly store: MarketStateStore,
    config: ConfigService<AppConfig>,
  ) {
    this.maxDepth = config.get('CACHE_MAX_DEPTH');
  }

  @Get()
  list(): { markets: MarketSummary[] } {
    return { markets: this.store.listMarkets() };
  }

  @Get(':venue/:symbol/trade')
  trade(@Param() params: Record<string, string>): TradeView {
    const ref = validated(() => parseRequest(marketRefSchema, params, 'market'));
    const view = this.store.trade(marketIdOf(ref));
    if (view === undefined) throw unknownMarket(ref);
    return view;
  }

  @Get(':venue/:symbol/book')
  book(@Param() params: Record<string, string>, @Query() query: Record<string, unknown>): BookView {
    const ref = validated(() => parseRequest(marketRefSchema, params, 'market'));
    const depth = validated(() =>
      checkDepth(parseRequest(bookQuerySchema, query, 'book request').depth, this.maxDepth),
    );
    const view = this.store.book(marketIdOf(ref), depth);
    if (view === undefined) throw unknownMarket(ref);
    return view;
  }
}

function unknownMarket(ref: MarketRef): NotFoundException {
  return new NotFoundException(
    `Unknown market ${marketIdOf(ref)}: the cache has received no event for it (GET /v1/markets lists the known markets).`,
  );
}
