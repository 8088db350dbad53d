import { Module } from '@nestjs/common';

import { ExchangeModule } from '../exchange/exchange.module';
import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { SubscriptionConfigService } from './subscription-config.service';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  controllers: [SubscriptionsController],
  exports: [SubscriptionConfigService, SubscriptionsService],
  imports: [ExchangeModule, InfrastructureModule],
  providers: [SubscriptionConfigService, SubscriptionsService],
})
export class SubscriptionsModule {}
