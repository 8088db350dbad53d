import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { apiForPath, SIGNING_NAMES } from '../protocol/aws-api.util';
import type { RawBodyRequest } from '../protocol/raw-body.middleware';

import { AccountDirectory } from './account-directory.service';
import type { AuthenticatedRequest } from './caller.decorator';
import { parseAuthorization } from './sigv4-canonical.util';
import { verifySigV4 } from './sigv4-verifier.util';
import { AWS_API_CONTROLLER } from './aws-api.decorator';

/** The Marketplace Catalog exists in us-east-1 only, so its clients are often pinned there. */
const CATALOG_HOME_REGION = 'us-east-1';

/**
 * Authenticates every AWS API call (routes of @AwsApi controllers) by its SigV4 signature and
 * attaches the calling account.
 * Runs after routing, so the expected signing name follows the API the route belongs to.
 */
@Injectable()
export class SigV4Guard implements CanActivate {
  constructor(
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly accounts: AccountDirectory,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const awsApi = this.reflector.get<boolean | undefined>(AWS_API_CONTROLLER, context.getClass());
    if (!awsApi) return true;
    const request = context.switchToHttp().getRequest<RawBodyRequest & AuthenticatedRequest>();
    const api = apiForPath(request.path);
    const regions =
      api === 'catalog'
        ? [...new Set([this.config.region, CATALOG_HOME_REGION])]
        : [this.config.region];
    // Look the key up first (it may live in the database); the verifier then checks everything.
    const parsed = parseAuthorization(request.headers.authorization ?? '');
    const account =
      parsed && 'credential' in parsed
        ? await this.accounts.byAccessKeyId(parsed.credential.accessKeyId)
        : undefined;
    verifySigV4(
      {
        method: request.method,
        rawUrl: request.originalUrl,
        rawHeaders: request.rawHeaders,
        body: request.rawBody,
      },
      {
        service: SIGNING_NAMES[api],
        regions,
        now: new Date(),
        maxSkewMs: this.config.maxClockSkewMs,
        secretOf: (accessKeyId) =>
          account?.accessKeyId === accessKeyId ? account.secretAccessKey : undefined,
      },
    );
    if (!account) return false;
    request.caller = { accountId: account.accountId, accessKeyId: account.accessKeyId };
    return true;
  }
}
