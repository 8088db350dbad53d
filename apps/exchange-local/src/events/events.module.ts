import { Module } from '@nestjs/common';
import { ShutdownModule } from '@tickline/service-kit';

import { EventOutbox } from './event-outbox.service';
import { OutboxPublisher } from './outbox-publisher.service';

@Module({
  exports: [EventOutbox, OutboxPublisher],
  imports: [ShutdownModule],
  providers: [EventOutbox, OutboxPublisher],
})
export class EventsModule {}
