import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { AwsExceptionFilter } from './aws-exception.filter';

@Module({
  providers: [{ provide: APP_FILTER, useClass: AwsExceptionFilter }],
})
export class ProtocolModule {}
