import { Module } from '@nestjs/common';

import { AccessModule } from '../access/access.module';
import { TagsModule } from '../tags/tags.module';

import { EventActionsController } from './event-actions.controller';
import { EventActionsService } from './event-actions.service';

@Module({
  controllers: [EventActionsController],
  imports: [AccessModule, TagsModule],
  providers: [EventActionsService],
})
export class EventActionsModule {}
