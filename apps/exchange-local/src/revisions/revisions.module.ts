import { Module } from '@nestjs/common';

import { AccessModule } from '../access/access.module';
import { JobsCoreModule } from '../jobs/jobs-core.module';
import { PublishingModule } from '../publishing/publishing.module';
import { TagsModule } from '../tags/tags.module';

import { RevisionsController } from './revisions.controller';
import { RevisionsService } from './revisions.service';

@Module({
  controllers: [RevisionsController],
  imports: [AccessModule, JobsCoreModule, PublishingModule, TagsModule],
  providers: [RevisionsService],
})
export class RevisionsModule {}
