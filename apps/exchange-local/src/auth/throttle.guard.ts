import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { awsErrors } from '../protocol/aws-error.exception';

import type { AuthenticatedRequest } from './caller.decorator';
import { TokenBuckets } from './token-bucket.util';

/**
 * Answers ThrottlingException (429) when an account exceeds EXCHANGE_THROTTLE_RPS requests per
 * second (bursts up to twice that). Off when the rate is 0. Runs after SigV4Guard, so only
 * authenticated callers count.
 */
@Injectable()
export class ThrottleGuard implements CanActivate {
  private readonly buckets: TokenBuckets | undefined;

  constructor(@Inject(EXCHANGE_CONFIG) config: ExchangeConfig) {
    this.buckets =
      config.throttleRps > 0
        ? new TokenBuckets(config.throttleRps, Math.max(1, config.throttleRps * 2))
        : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
    if (!this.buckets || !caller) return true;
    if (!this.buckets.take(caller.accountId, Date.now())) throw awsErrors.throttling();
    return true;
  }
}
