import { Module } from '@nestjs/common';

import { ExchangeModule } from '../exchange/exchange.module';
import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

@Module({
  controllers: [CatalogController],
  imports: [ExchangeModule, InfrastructureModule, SubscriptionsModule],
  providers: [CatalogService],
})
export class CatalogModule {}
