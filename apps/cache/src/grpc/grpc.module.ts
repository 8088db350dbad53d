import { Module } from '@nestjs/common';
import { MetricsModule, ShutdownModule } from '@tickline/service-kit';

import { FeedModule } from '../kafka/feed.module';
import { ApiModule } from '../rest/api.module';
import { CacheGrpcServer } from './cache-grpc.server';

@Module({
  exports: [CacheGrpcServer],
  imports: [ApiModule, FeedModule, MetricsModule, ShutdownModule],
  providers: [CacheGrpcServer],
})
export class GrpcModule {}
