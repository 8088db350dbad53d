import { Module } from '@nestjs/common';
import { MetricsModule } from '@tickline/service-kit';

import { FeedModule } from '../kafka/feed.module';
import { MarketUpdatesHub } from '../stream/market-updates.hub';
import { StreamController } from '../stream/stream.controller';
import { FastReadRoute } from './fast-read.route';
import { MarketsController } from './markets.controller';
import { OpenApiController } from './openapi.controller';

/** REST reads, the OpenAPI document and the SSE push stream. */
@Module({
  controllers: [MarketsController, OpenApiController, StreamController],
  exports: [MarketUpdatesHub],
  imports: [FeedModule, MetricsModule],
  providers: [FastReadRoute, MarketUpdatesHub],
})
export class ApiModule {}
