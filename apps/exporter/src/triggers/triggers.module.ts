import { Module } from '@nestjs/common';

import { ExchangeModule } from '../exchange/exchange.module';
import { ExportsModule } from '../exports/exports.module';
import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { ExchangeEventsConsumer } from './exchange-events.consumer';
import { ReconciliationService } from './reconciliation.service';
import { RevisionTriggerService } from './revision-trigger.service';

@Module({
  exports: [ExchangeEventsConsumer, ReconciliationService],
  imports: [ExchangeModule, ExportsModule, InfrastructureModule, SubscriptionsModule],
  providers: [ExchangeEventsConsumer, ReconciliationService, RevisionTriggerService],
})
export class TriggersModule {}
