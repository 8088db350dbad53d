import { type DynamicModule, Global, Module } from '@nestjs/common';

import { EXCHANGE_CONFIG } from './exchange-config.constants';
import type { ExchangeConfig } from './exchange-config.loader';

@Global()
@Module({})
export class ExchangeConfigModule {
  static forRoot(config: ExchangeConfig): DynamicModule {
    return {
      module: ExchangeConfigModule,
      exports: [EXCHANGE_CONFIG],
      providers: [{ provide: EXCHANGE_CONFIG, useValue: config }],
    };
  }
}
