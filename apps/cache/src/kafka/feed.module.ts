import { Module } from '@nestjs/common';
import { HealthModule, KafkaModule, MetricsModule, ShutdownModule } from '@tickline/service-kit';

import { MarketStateModule } from '../market-state/market-state.module';
import { CacheFeedService } from './cache-feed.service';
import { CacheTopicsBootstrap } from './cache-topics.bootstrap';
import { SnapshotPublisher } from './snapshot.publisher';

/** Kafka in and out: topic bootstrap, warm start and tail, snapshot publication. */
@Module({
  exports: [CacheFeedService, MarketStateModule, SnapshotPublisher],
  imports: [HealthModule, KafkaModule.forRoot(), MarketStateModule, MetricsModule, ShutdownModule],
  providers: [CacheFeedService, CacheTopicsBootstrap, SnapshotPublisher],
})
export class FeedModule {}
