import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';

import { SendGreetingDto } from './greeting.dto';
import { GreetingsConsumer, GreetingStats } from './greetings.consumer';
import { GreetingsProducer, SentGreeting } from './greetings.producer';

@Controller('greetings')
export class GreetingsController {
  constructor(
    private readonly consumer: GreetingsConsumer,
    private readonly producer: GreetingsProducer,
  ) {}

  /** Writes one greeting to Kafka; answers once the broker has acknowledged it (acks=all). */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  send(@Body() body: SendGreetingDto, @Req() req: { id?: unknown }): Promise<SentGreeting> {
    // pino-http's request id (taken from x-request-id or generated) travels with the message.
    return this.producer.send(body, req.id === undefined ? undefined : String(req.id));
  }

  /** What the consumer has counted so far. */
  @Get('stats')
  stats(): GreetingStats {
    return this.consumer.snapshot();
  }
}
