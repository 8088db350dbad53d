import { Module } from '@nestjs/common';

import { EventOutbox } from './event-outbox.service';
import { OutboxPublisher } from './outbox-publisher.service';

@Module({
  exports: [EventOutbox, OutboxPublisher],
  providers: [EventOutbox, OutboxPublisher],
})
export class EventsModule {}
