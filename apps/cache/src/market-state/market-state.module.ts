import { Module } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { MarketStateStore } from './market-state.store';
import { MarketViewCache } from './market-view.cache';

/** The one in-memory store of the process, shared by the feed and every API. */
@Module({
  exports: [MarketStateStore, MarketViewCache],
  providers: [
    MarketViewCache,
    {
      inject: [ConfigService],
      provide: MarketStateStore,
      useFactory: (config: ConfigService<AppConfig>) =>
        new MarketStateStore({ staleAfterMs: config.get('CACHE_STALE_AFTER') }),
    },
  ],
})
export class MarketStateModule {}
