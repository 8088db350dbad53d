import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { PublicUrl } from '../common/public-url.service';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';

import { AwsExceptionFilter } from './aws-exception.filter';
import { PaginationTokenCodec } from './pagination-token.util';

@Global()
@Module({
  exports: [PaginationTokenCodec, PublicUrl],
  providers: [
    { provide: APP_FILTER, useClass: AwsExceptionFilter },
    {
      provide: PaginationTokenCodec,
      inject: [EXCHANGE_CONFIG],
      useFactory: (config: ExchangeConfig) =>
        new PaginationTokenCodec(`pagination:${config.tokenSecret}`),
    },
    PublicUrl,
  ],
})
export class ProtocolModule {}
