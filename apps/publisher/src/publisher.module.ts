import { Module } from '@nestjs/common';
import { HealthModule, MetricsModule, ShutdownModule } from '@tickline/service-kit';

import { AlertService } from './alerts/alert.service';
import { PublisherMetrics } from './alerts/publisher.metrics';
import { OpenApiController } from './http/openapi.controller';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MappingSyncService } from './mapping/mapping-sync.service';
import { MappingController } from './mapping/mapping.controller';
import { RunExecutorService } from './runs/run-executor.service';
import { RunStepsService } from './runs/run-steps.service';
import { RunWorkerService } from './runs/run-worker.service';
import { RunStore } from './runs/run.store';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { DailySchedulerService } from './schedule/daily-scheduler.service';
import { UploadScannerService } from './uploads/upload-scanner.service';
import { UploadsController } from './uploads/uploads.controller';

@Module({
  controllers: [MappingController, OpenApiController, RunsController, UploadsController],
  imports: [InfrastructureModule, HealthModule, MetricsModule, ShutdownModule],
  providers: [
    AlertService,
    DailySchedulerService,
    MappingSyncService,
    PublisherMetrics,
    RunExecutorService,
    RunStepsService,
    RunStore,
    RunWorkerService,
    RunsService,
    UploadScannerService,
  ],
})
export class PublisherModule {}
