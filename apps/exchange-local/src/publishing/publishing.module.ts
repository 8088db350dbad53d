import { Module } from '@nestjs/common';

import { EventsModule } from '../events/events.module';

import { PublishingService } from './publishing.service';

@Module({
  exports: [PublishingService],
  imports: [EventsModule],
  providers: [PublishingService],
})
export class PublishingModule {}
