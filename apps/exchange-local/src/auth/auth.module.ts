import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AccountDirectory } from './account-directory.service';
import { SigV4Guard } from './sigv4.guard';

@Module({
  exports: [AccountDirectory],
  providers: [AccountDirectory, { provide: APP_GUARD, useClass: SigV4Guard }],
})
export class AuthModule {}
