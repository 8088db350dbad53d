import { Module } from '@nestjs/common';
import { MetricsModule, ShutdownModule } from '@tickline/service-kit';

import { AccessModule } from '../access/access.module';
import { EventsModule } from '../events/events.module';
import { TagsModule } from '../tags/tags.module';
import { TransferController } from '../transfer/transfer.controller';

import { ExportAssetToSignedUrlJobHandler } from './handlers/export-asset-to-signed-url.job-handler';
import { ExportAssetsToS3JobHandler } from './handlers/export-assets-to-s3.job-handler';
import { ExportRevisionsToS3JobHandler } from './handlers/export-revisions-to-s3.job-handler';
import { ImportAssetFromSignedUrlJobHandler } from './handlers/import-asset-from-signed-url.job-handler';
import { ImportAssetsFromS3JobHandler } from './handlers/import-assets-from-s3.job-handler';
import { JOB_HANDLERS, type JobHandler } from './job-handler.interface';
import { JobRunner } from './job-runner.service';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

const HANDLERS = [
  ExportAssetToSignedUrlJobHandler,
  ExportAssetsToS3JobHandler,
  ExportRevisionsToS3JobHandler,
  ImportAssetFromSignedUrlJobHandler,
  ImportAssetsFromS3JobHandler,
];

@Module({
  controllers: [JobsController, TransferController],
  imports: [MetricsModule, ShutdownModule, AccessModule, EventsModule, TagsModule],
  providers: [
    ...HANDLERS,
    {
      provide: JOB_HANDLERS,
      inject: HANDLERS,
      useFactory: (...handlers: JobHandler[]) => handlers,
    },
    JobRunner,
    JobsService,
  ],
})
export class JobsModule {}
