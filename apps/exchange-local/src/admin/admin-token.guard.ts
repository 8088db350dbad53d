import { timingSafeEqual } from 'node:crypto';

import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { awsErrors } from '../protocol/aws-error.exception';

/** `Authorization: Bearer <EXCHANGE_ADMIN_TOKEN>`; without a configured token the admin API is off. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.adminToken;
    if (!expected)
      throw awsErrors.accessDenied(
        'The admin API is disabled; set EXCHANGE_ADMIN_TOKEN to enable it.',
      );
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '');
    const wanted = Buffer.from(expected);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      throw awsErrors.accessDenied('A valid admin bearer token is required.');
    }
    return true;
  }
}
