import { Module } from '@nestjs/common';
import { MetricsModule } from '@tickline/service-kit';

import { InfrastructureModule } from '../infrastructure/infrastructure.module';

import { GreetingsConsumer } from './greetings.consumer';
import { GreetingsController } from './greetings.controller';
import { GreetingsProducer } from './greetings.producer';

@Module({
  controllers: [GreetingsController],
  imports: [InfrastructureModule, MetricsModule],
  providers: [GreetingsConsumer, GreetingsProducer],
})
export class GreetingsModule {}
