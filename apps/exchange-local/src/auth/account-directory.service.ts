import { Inject, Injectable, Optional } from '@nestjs/common';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { AccountCredentials, ExchangeConfig } from '../config/exchange-config.loader';
import { PrismaService } from '../persistence/prisma.service';

/**
 * Access key id -> account: the configured (bootstrap) accounts first, then the accounts created
 * through the admin API, whose secrets are stored in the database.
 */
@Injectable()
export class AccountDirectory {
  private readonly configured = new Map<string, AccountCredentials>();

  constructor(
    @Inject(EXCHANGE_CONFIG) config: ExchangeConfig,
    @Optional() private readonly prisma?: PrismaService,
  ) {
    for (const account of config.accounts) this.configured.set(account.accessKeyId, account);
  }

  /** True for accounts whose secrets come from configuration. */
  isConfigured(accessKeyId: string): boolean {
    return this.configured.has(accessKeyId);
  }

  async byAccessKeyId(accessKeyId: string): Promise<AccountCredentials | undefined> {
    const configured = this.configured.get(accessKeyId);
    if (configured || !this.prisma) return configured;
    const row = await this.prisma.account.findUnique({ where: { accessKeyId } });
    return row?.secretAccessKey
      ? {
          accountId: row.id,
          name: row.name,
          accessKeyId: row.accessKeyId,
          secretAccessKey: row.secretAccessKey,
        }
      : undefined;
  }
}
