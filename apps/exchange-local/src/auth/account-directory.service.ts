import { Inject, Injectable } from '@nestjs/common';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { AccountCredentials, ExchangeConfig } from '../config/exchange-config.loader';

/** Access key id -> account, from the configured accounts. */
@Injectable()
export class AccountDirectory {
  private readonly byAccessKey = new Map<string, AccountCredentials>();

  constructor(@Inject(EXCHANGE_CONFIG) config: ExchangeConfig) {
    for (const account of config.accounts) this.byAccessKey.set(account.accessKeyId, account);
  }

  byAccessKeyId(accessKeyId: string): AccountCredentials | undefined {
    return this.byAccessKey.get(accessKeyId);
  }
}
