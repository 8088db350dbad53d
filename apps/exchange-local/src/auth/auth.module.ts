import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AccountDirectory } from './account-directory.service';
import { SigV4Guard } from './sigv4.guard';
import { ThrottleGuard } from './throttle.guard';

/** Global guards run in this order: authenticate, then throttle per account. */
@Module({
  exports: [AccountDirectory],
  providers: [
    AccountDirectory,
    { provide: APP_GUARD, useClass: SigV4Guard },
    { provide: APP_GUARD, useClass: ThrottleGuard },
  ],
})
export class AuthModule {}
