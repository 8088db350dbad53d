import { Module } from '@nestjs/common';

import { ExchangeService } from './exchange.service';

@Module({ exports: [ExchangeService], providers: [ExchangeService] })
export class ExchangeModule {}
