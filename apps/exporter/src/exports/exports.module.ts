import { Module } from '@nestjs/common';

import { ExchangeModule } from '../exchange/exchange.module';
import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { ExportAlertsService } from './export-alerts.service';
import { ExportJobRunner } from './export-job.runner';
import { ExportRunsService } from './export-runs.service';
import { ExportWorkerService } from './export-worker.service';
import { ExportMetrics } from './export.metrics';
import { ExportsController } from './exports.controller';

@Module({
  controllers: [ExportsController],
  exports: [ExportMetrics, ExportRunsService],
  imports: [ExchangeModule, InfrastructureModule, SubscriptionsModule],
  providers: [
    ExportAlertsService,
    ExportJobRunner,
    ExportMetrics,
    ExportRunsService,
    ExportWorkerService,
  ],
})
export class ExportsModule {}
