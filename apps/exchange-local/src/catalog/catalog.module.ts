import { Module } from '@nestjs/common';
import { ShutdownModule } from '@tickline/service-kit';

import { PublishingModule } from '../publishing/publishing.module';

import { CatalogEntitiesService } from './catalog-entities.service';
import { CatalogController } from './catalog.controller';
import { ChangeSetRunner } from './change-set-runner.service';
import { ChangeSetWakeUp } from './change-set-wake-up.service';
import { ChangeSetsService } from './change-sets.service';
import { ChangeValidation } from './change-validation.service';

@Module({
  controllers: [CatalogController],
  imports: [ShutdownModule, PublishingModule],
  providers: [
    CatalogEntitiesService,
    ChangeSetRunner,
    ChangeSetWakeUp,
    ChangeSetsService,
    ChangeValidation,
  ],
})
export class CatalogModule {}
