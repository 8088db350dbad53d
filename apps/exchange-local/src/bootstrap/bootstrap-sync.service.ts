import { Inject, Injectable, Logger } from '@nestjs/common';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { PrismaService } from '../persistence/prisma.service';

/**
 * Makes the database hold the bootstrap file's accounts, products and subscriptions. It only
 * adds and updates: what was created later (by the admin API) stays.
 */
@Injectable()
export class BootstrapSync {
  private readonly logger = new Logger(BootstrapSync.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async apply(): Promise<void> {
    const { accounts, bootstrap } = this.config;
    await this.prisma.$transaction(async (tx) => {
      for (const account of accounts) {
        await tx.account.upsert({
          where: { id: account.accountId },
          create: { accessKeyId: account.accessKeyId, id: account.accountId, name: account.name },
          update: { accessKeyId: account.accessKeyId, name: account.name },
        });
      }
      for (const product of bootstrap.products) {
        await tx.product.upsert({
          where: { id: product.productId },
          create: {
            autoPublish: product.autoPublish,
            description: product.description,
            id: product.productId,
            ownerAccountId: product.ownerAccountId,
            title: product.title,
          },
          update: {
            autoPublish: product.autoPublish,
            description: product.description,
            title: product.title,
          },
        });
      }
      await tx.subscription.createMany({
        data: bootstrap.subscriptions.map((subscription) => ({
          productId: subscription.productId,
          subscriberAccountId: subscription.subscriberAccountId,
        })),
        skipDuplicates: true,
      });
    });
    this.logger.log(
      `Bootstrap applied: ${accounts.length} account(s), ${bootstrap.products.length} product(s), ${bootstrap.subscriptions.length} subscription(s).`,
    );
  }
}
